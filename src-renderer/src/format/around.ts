/**
 * Pure helpers of the "around a session" views (src-shared/around-contract.ts): blocking chains
 * grouped by their head blocker, a chain as a line of session numbers, licence kinds. No Vue.
 */
import type { BlockingChain, ChainLink, LicenseKind } from '../../../src-shared/around-contract'
import type { LicenseDto } from '../../../src-shared/contract'

/** The views of the cluster's around drawer. */
export type AroundView = 'machinery' | 'licenses' | 'chains'

/** Every chain that ends at one head blocker (or at one ended session, or in one circle). */
export interface HeadGroup {
  key: string
  /** The head's link; null when the head ended meanwhile (`missingHead` is its number). */
  head: ChainLink | null
  missingHead: number
  cycle: boolean
  /** Chains as the report gives them: deepest first. */
  chains: BlockingChain[]
}

/** The head of a chain: its last link, unless the head ended (missingHead) — then none. */
export function headOf(chain: BlockingChain): ChainLink | null {
  return chain.missingHead ? null : (chain.links[chain.links.length - 1] ?? null)
}

/** Chains grouped by head, in the report's order (main sorts them by the head's call, longest first). */
export function chainsByHead(chains: readonly BlockingChain[]): HeadGroup[] {
  const groups = new Map<string, HeadGroup>()
  for (const chain of chains) {
    const head = headOf(chain)
    const key = head ? `s:${head.session}` : `gone:${chain.missingHead}`
    let group = groups.get(key)
    if (!group) {
      group = { key, head, missingHead: chain.missingHead, cycle: false, chains: [] }
      groups.set(key, group)
    }
    group.cycle ||= chain.cycle
    group.chains.push(chain)
  }
  return [...groups.values()]
}

/** "17 → 12 → 4": the session numbers from the blocked one to the head (an ended head included). */
export function chainNumbers(chain: BlockingChain): number[] {
  const ids = chain.links.map((l) => l.sessionId)
  return chain.missingHead ? [...ids, chain.missingHead] : ids
}

export function chainText(chain: BlockingChain): string {
  return chainNumbers(chain).join(' → ')
}

/** licence-type 1 is a HASP key, anything else a software licence (docs/protocol.md §6.5). */
export function licenseKind(l: Pick<LicenseDto, 'licenseType'>): LicenseKind {
  return l.licenseType === 1 ? 'hasp' : 'software'
}

/** The licence server (manager) that issued a licence, as "host:port"; '' when it is not known. */
export function licenseServer(l: Pick<LicenseDto, 'rmngrAddress' | 'rmngrPort'>): string {
  return l.rmngrAddress ? `${l.rmngrAddress}:${l.rmngrPort}` : ''
}

/** memory-size of a working process is KB (docs/protocol.md §6.8); formatBytes wants bytes. */
export const kbToBytes = (kb: number): number => kb * 1024
