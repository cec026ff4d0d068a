/** The worlds several specs share: one server saved as "Main", and the infobase administrator. */
import type { SimulatorOptions } from '../../src-main/simulator'
import type { ProfileLabel } from '../../src-shared/contract'
import type { HarnessOptions } from './harness'

/** The infobase administrator the lock and runbook servers ask for. */
export const INFOBASE_ADMIN = { user: 'Администратор', password: 'ib-pass' }

/** One simulated server, saved as the profile "Main" (with a colour label if given). */
export function mainServer(
  simulator: SimulatorOptions,
  options: { label?: ProfileLabel } & Omit<HarnessOptions, 'simulators' | 'profiles'> = {},
): HarnessOptions {
  const { label, ...rest } = options
  return { simulators: [simulator], profiles: [{ name: 'Main', sim: 0, ...(label && { label }) }], ...rest }
}
