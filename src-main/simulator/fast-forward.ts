/**
 * Fast-forwarding a living simulator through time that has not been lived yet (issue 17: the demo
 * cluster's history). The simulator is started on a CatchUpClock that runs some hours behind; each
 * step moves that clock forward and brings the world up to it with the same per-second step live
 * requests use (LivingWorld.advance), so what the steps show is what a client listing the demo
 * every step would have seen. The outcome depends only on the seed and the clock readings.
 */
import type { RunningSimulator, SimulatorClock } from './start'

/** A simulator clock `behindMs` behind a base clock; 0 once caught up. */
export class CatchUpClock implements SimulatorClock {
  constructor(
    private readonly base: SimulatorClock,
    public behindMs: number,
  ) {}

  now(): number {
    return this.base.now() - this.behindMs
  }
}

/**
 * Moves the clock `stepMs` at a time until it has caught up with its base, bringing the world up
 * to each step; yields the server time of each step (the last one is the base clock's now). The
 * caller looks at (or changes) `sim.world` between steps.
 */
export function* fastForward(
  sim: Pick<RunningSimulator, 'world' | 'advance'>,
  clock: CatchUpClock,
  stepMs: number,
): Generator<number> {
  while (clock.behindMs > 0) {
    clock.behindMs = Math.max(0, clock.behindMs - stepMs)
    sim.advance()
    yield sim.world.serverNow()
  }
}
