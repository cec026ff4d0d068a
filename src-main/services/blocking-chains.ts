/**
 * Blocking chains from one session list: every session with blocked-by-dbms or blocked-by-ls
 * (the number of the session it waits on, docs/protocol.md §6.4) is followed up to the session
 * that waits on nobody — the head blocker. A number missing from the list (that session ended
 * between the server's bookkeeping and the read) ends the chain as a missing head; a number seen
 * twice is a cycle (a deadlock the DBMS has not broken yet). Pure.
 */
import type { BlockingChain, ChainLink } from '../../src-shared/around-contract'

/** What a chain needs of a session (a SessionRow has all of it). */
export type ChainSession = Omit<ChainLink, 'waitsOn'> & { blockedByDbms: number; blockedByLs: number }

function link(s: ChainSession): ChainLink {
  const waitsOn = s.blockedByDbms !== 0 ? 'dbms' : s.blockedByLs !== 0 ? 'managed' : null
  return {
    session: s.session,
    sessionId: s.sessionId,
    userName: s.userName,
    infobaseName: s.infobaseName,
    appId: s.appId,
    host: s.host,
    waitsOn,
    durationCurrent: s.durationCurrent,
    durationCurrentDbms: s.durationCurrentDbms,
    dbProcTook: s.dbProcTook,
    currentServiceName: s.currentServiceName,
    lastActiveAt: s.lastActiveAt,
  }
}

/** The session a session waits on: the DBMS wait first (it is the one holding the call). */
const blockerOf = (s: ChainSession) => s.blockedByDbms || s.blockedByLs

/** The chain of one session, or null when nobody blocks it. */
export function chainOf(start: ChainSession, byNumber: ReadonlyMap<number, ChainSession>): BlockingChain | null {
  if (blockerOf(start) === 0) return null
  const links = [link(start)]
  const seen = new Set([start.sessionId])
  for (let at = start; ;) {
    const next = byNumber.get(blockerOf(at))
    if (!next) return { links, missingHead: blockerOf(at), cycle: false }
    if (seen.has(next.sessionId)) return { links, missingHead: 0, cycle: true }
    seen.add(next.sessionId)
    links.push(link(next))
    if (blockerOf(next) === 0) return { links, missingHead: 0, cycle: false }
    at = next
  }
}

/** Every blocked session's chain, grouped by head (longest head call first), deepest first. */
export function blockingChains(sessions: readonly ChainSession[]): BlockingChain[] {
  const byNumber = new Map(sessions.map((s) => [s.sessionId, s]))
  const chains: BlockingChain[] = []
  for (const s of sessions) {
    const chain = chainOf(s, byNumber)
    if (chain) chains.push(chain)
  }
  const head = (c: BlockingChain) => c.links[c.links.length - 1]!
  const headKey = (c: BlockingChain) => (c.missingHead ? -c.missingHead : head(c).sessionId)
  const headCall = (c: BlockingChain) => (c.missingHead ? -1 : head(c).durationCurrent)
  return chains.sort(
    (a, b) =>
      headCall(b) - headCall(a) ||
      headKey(a) - headKey(b) ||
      b.links.length - a.links.length ||
      a.links[0]!.sessionId - b.links[0]!.sessionId,
  )
}

/** How many sessions wait on this one, directly or further down. */
export function blockedBehind(sessionId: number, chains: readonly BlockingChain[]): number {
  return chains.filter((c) => c.links.slice(1).some((l) => l.sessionId === sessionId)).length
}
