/** Profile colour labels (prod red / test amber / dev green) and status dot colours. */
import type { ProfileLabel } from '../../../src-shared/contract'

export const LABEL_COLORS: Record<ProfileLabel, string> = {
  none: '#8a8a8a',
  prod: '#d03050',
  test: '#f0a020',
  dev: '#18a058',
}

export const STATUS_COLORS = {
  idle: '#9a9a9a',
  connecting: '#2080f0',
  ok: '#18a058',
  auth: '#f0a020',
  unreachable: '#d03050',
  error: '#d03050',
} as const
