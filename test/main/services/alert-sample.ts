/** Alerts as the watch emits them, for the alert log tests and their child process. */
import type { WatchAlert } from '../../../src-shared/watch-contract'

const CLUSTER = '11111111-2222-4333-8444-555555555555'

/** A blocked-session alert whose id tells it apart; `at` grows with `n`. */
export function sampleAlert(id: string, n: number, over: Partial<WatchAlert> = {}): WatchAlert {
  return {
    id,
    rule: 'blocked',
    severity: 'warning',
    state: n % 2 === 0 ? 'fired' : 'cleared',
    profileId: 'p1',
    cluster: CLUSTER,
    since: Date.UTC(2026, 10, 25, 6, 0, 0) + n * 1000,
    at: Date.UTC(2026, 10, 25, 6, 0, 30) + n * 1000,
    value: 45,
    threshold: 30,
    subject: { session: `s-${n}`, sessionId: n, userName: 'Иванов И.И.', blockedBy: 7 },
    ...over,
  }
}
