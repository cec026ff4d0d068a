/**
 * `clusterdesk watch`: the watch rules (src-shared/watch-rules.ts) over every cluster of a server,
 * one line per alert as it fires or clears, until stopped — for scripts and existing monitoring
 * (`--json`: one JSON object per line). The same engine as the app (src-main/watch).
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { serverTimeText } from '../../src-shared/server-time'
import type { WatchAlert } from '../../src-shared/watch-contract'
import { watchSubjectLine, watchTitle } from '../../src-shared/watch-text'
import {
  DEFAULT_WATCH_RULES,
  mergeWatchRules,
  watchOverrideSchema,
  watchPinSchema,
  type WatchPin,
  type WatchRules,
} from '../../src-shared/watch-rules'
import { LockService } from '../services/locks'
import { ServerClock } from '../services/server-clock'
import { SessionService } from '../services/sessions'
import { AroundService } from '../services/around'
import { AroundSchedule, Watch, aroundLook, observeCluster } from '../watch'
import { UsageError } from './args'
import { PROFILE_ID, type CommandContext } from './context'
import { failureLine } from './failure'
import { terminalText } from './output'
import { runUntilStopped } from './until-stopped'

/** A rules file: the rules it changes from the defaults, and the sessions or users to pin. */
const rulesFileSchema = watchOverrideSchema.extend({ pins: z.array(watchPinSchema).max(1000).optional() }).strict()

export function readRulesFile(file: string): { rules: WatchRules; pins: WatchPin[] } {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new UsageError(`--rules ${file}: ${(e as Error).message}`)
  }
  const r = rulesFileSchema.safeParse(parsed)
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')
    throw new UsageError(`--rules ${file}: ${why}`)
  }
  const { pins, ...own } = r.data
  return { rules: mergeWatchRules(DEFAULT_WATCH_RULES, own), pins: pins ?? [] }
}

function alertLine(a: WatchAlert): string {
  const state = a.state === 'fired' ? 'FIRED  ' : 'cleared'
  return `${serverTimeText(a.at)} (server time)  ${state}  ${terminalText(watchTitle(a, 'en'))}  ${terminalText(watchSubjectLine(a, 'en'))}\n`
}

export async function runWatch(c: CommandContext): Promise<number> {
  const { rules, pins } = c.o.rulesFile ? readRulesFile(c.o.rulesFile) : { rules: DEFAULT_WATCH_RULES, pins: [] }
  const serverClock = new ServerClock()
  const sessions = new SessionService(c.directory, c.pool, null, serverClock)
  const locks = new LockService(c.directory, c.pool, null, serverClock, sessions.knownLocks)
  const around = new AroundService(c.directory, null, c.pool, sessions, serverClock)
  const aroundDue = new AroundSchedule()
  const server = c.directory.facts(PROFILE_ID).server
  const everyMs = c.o.everyMs ?? 15_000
  const watch = new Watch()
  const lastAt = new Map<string, number>()
  const print = (a: WatchAlert) => c.io.stdout.write(c.o.format === 'json' ? `${JSON.stringify(a)}\n` : alertLine(a))
  c.io.stderr.write(`clusterdesk: watching ${terminalText(server)} every ${everyMs / 1000} s; Ctrl+C stops\n`)
  let clusters: string[] = c.o.cluster ? [c.o.cluster] : []
  await runUntilStopped({
    everyMs,
    async round() {
      if (!c.o.cluster) {
        try {
          clusters = (await c.pool.run(PROFILE_ID, null, ({ client }) => client.listClusters())).map((x) => x.cluster)
        } catch (e) {
          // The server itself is unreachable: every cluster known so far is looked at (and fails).
          if (clusters.length === 0) throw e
        }
      }
      for (const cluster of clusters) {
        const obs = await observeCluster(
          { sessions, locks },
          PROFILE_ID,
          cluster,
          lastAt.get(cluster) ?? null,
          Date.now(),
        )
        lastAt.set(cluster, obs.at)
        for (const alert of watch.step(obs, rules, pins)) print(alert)
        if (!obs.reach.ok || !aroundDue.due(PROFILE_ID, cluster, Date.now())) continue
        // Servers and licences: one read of their own, once a minute, as in the app (watch/around-look.ts).
        const look = await aroundLook(around, PROFILE_ID, cluster, () => obs.at)
        if (look) for (const alert of watch.step(look, rules, pins)) print(alert)
      }
    },
    failed(e, failures) {
      c.io.stderr.write(`clusterdesk: ${terminalText(server)}: ${terminalText(failureLine(e))}\n`)
      return Math.min(everyMs * 2 ** (failures - 1), Math.max(everyMs, 300_000))
    },
  })
  return 0
}
