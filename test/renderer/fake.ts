/**
 * Loads test/support/fake-api.ts. That file belongs to the node tsconfig project, and the web
 * project (which type-checks test/renderer) may not import it statically (TS6307), so it is loaded
 * with vi.importActual and typed by the minimal surface the tests use.
 */
import { vi } from 'vitest'
import type { ApiError, ApiEvent, RendererApi, SessionRow, StoreNotice } from '../../src-shared/contract'

export interface FakeApiOptions {
  seed?: number
  sessions?: number
  empty?: boolean
  latencyMs?: number
  notices?: StoreNotice[]
  serverNow?: number
}

export interface FakeControl {
  calls: Array<{ method: string; args: unknown[] }>
  inFlight: number
  maxInFlight: number
  inFlightBy: Record<string, number>
  maxInFlightBy: Record<string, number>
  latencyMs: number
  fail(method: keyof RendererApi, error: ApiError, times?: number): void
  setSessionCount(count: number, profileId?: string): void
  churn(added: number, gone: number, profileId?: string): void
  sessions(profileId?: string, clusterId?: string): SessionRow[]
  emit(event: ApiEvent): void
  readonly infobaseAdmin: { user: string; password: string }
  readonly askPassword: string
}

export type FakeApi = RendererApi & { control: FakeControl }

export async function createFake(options: FakeApiOptions = {}): Promise<FakeApi> {
  const mod = await vi.importActual<{ createFakeApi(o?: FakeApiOptions): FakeApi }>('../support/fake-api')
  return mod.createFakeApi(options)
}

export function callsOf(api: FakeApi, method: keyof RendererApi) {
  return api.control.calls.filter((c) => c.method === method)
}
