/**
 * The streamed `--json` output is byte for byte what `JSON.stringify(rows, keys) + '\n'` printed
 * before (datetimes as serverTimeIso), for odd strings, numbers and times, and for a whole
 * simulator world listed through the CLI in this process.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src-main/cli/run'
import { isoTimeFormatter } from '../../../src-main/cli/iso-time'
import { writeJsonRows } from '../../../src-main/cli/json-rows'
import type { Column, Row } from '../../../src-main/cli/output'
import { RasClient } from '../../../src-main/ras/client'
import { TICKS_AT_UNIX_EPOCH } from '../../../src-main/ras/codec'
import { fieldsAt } from '../../../src-main/ras/record'
import { SessionInfo } from '../../../src-main/ras/records'
import { sessionRow } from '../../../src-main/services/session-rows'
import { startSimulator, type RunningSimulator } from '../../../src-main/simulator'
import { MAX_SERVER_TIME, MIN_SERVER_TIME, serverTimeIso } from '../../../src-shared/server-time'
import { tempDir } from '../services/support'

/** What the CLI printed before streaming: times rewritten in place, then one JSON.stringify. */
function referenceJson(rows: Row[], columns: readonly Column[]): string {
  const copies = rows.map((r) => ({ ...r }))
  for (const row of copies) for (const c of columns) if (c.kind === 'datetime') row[c.key] = serverTimeIso(row[c.key])
  return `${JSON.stringify(
    copies,
    columns.map((c) => c.key),
  )}\n`
}

/** The streamed output, collected the way a pipe would receive it. */
async function streamed(rows: Row[], columns: readonly Column[]): Promise<string> {
  const chunks: Buffer[] = []
  await writeJsonRows({ write: (chunk: Buffer) => chunks.push(Buffer.from(chunk)) }, rows, columns)
  return Buffer.concat(chunks).toString('utf8')
}

const ODD_STRINGS = [
  '',
  'plain',
  'Степанова Н.Н.',
  'quote " and backslash \\ and slash /',
  'controls \x00\x01\x07\b\f\n\r\t\x1b\x1f and DEL \x7f, C1 \x9b',
  'lone high \ud800 and lone low \udc00 and reversed \udc00\ud800',
  'pair 😀 and BOM \ufeff and separators \u2028\u2029',
  'x'.repeat(70_000) + 'й'.repeat(30_000), // crosses the 64 KB chunks
]

const COLUMNS: Column[] = [
  { key: 'text', kind: 'string' },
  { key: 'n', kind: 'number' },
  { key: 'flag', kind: 'boolean' },
  { key: 'at', kind: 'datetime' },
]

describe('streamed JSON rows', () => {
  it('prints exactly what JSON.stringify printed for odd strings, numbers and times', async () => {
    const numbers = [0, -0, 1, -1, 9, 10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53, 1.5, -2.25e-7, 1e21, NaN, Infinity]
    const times = [null, 0, -0.5, 0.9, -1, 1_795_878_304_555.3, MIN_SERVER_TIME, MAX_SERVER_TIME, MAX_SERVER_TIME + 1]
    const rows: Row[] = []
    for (let i = 0; i < Math.max(ODD_STRINGS.length, numbers.length, times.length); i++) {
      rows.push({
        text: ODD_STRINGS[i % ODD_STRINGS.length],
        n: numbers[i % numbers.length],
        flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
        at: times[i % times.length],
      })
    }
    // Values JSON.stringify prints its own way: a dropped key, an object, a string where a time goes.
    rows.push({ text: undefined, n: { nested: 1, text: 'kept' }, flag: 'yes', at: '2024-01-01' })
    rows.push({ n: () => 1, flag: [1, 'a'], at: Symbol('x') })
    rows.push({ text: new String('boxed'), n: new Number(3), extra: 'not a column' })
    expect(await streamed(rows, COLUMNS)).toBe(referenceJson(rows, COLUMNS))
    expect(await streamed([], COLUMNS)).toBe('[]\n')
  })

  it('matches JSON.stringify for any strings and numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            text: fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()),
            n: fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger()),
            flag: fc.boolean(),
            at: fc.oneof(fc.constant(null), fc.double({ min: MIN_SERVER_TIME - 1e3, max: MAX_SERVER_TIME + 1e3 })),
          }),
          { maxLength: 12 },
        ),
        async (rows) => {
          expect(await streamed(rows, COLUMNS)).toBe(referenceJson(rows, COLUMNS))
        },
      ),
      { numRuns: 60 },
    )
  }, 60_000)

  it('formats server times like serverTimeIso, by arithmetic', () => {
    const iso = isoTimeFormatter()
    const edges = [
      MIN_SERVER_TIME,
      MIN_SERVER_TIME + 999.9,
      -86_400_000.5,
      -1.5,
      -0.1,
      0,
      951_782_400_000,
      4_107_542_399_999,
    ]
    for (const t of [...edges, MAX_SERVER_TIME, MAX_SERVER_TIME + 1, NaN, null, '0']) {
      expect(iso(t), String(t)).toBe(serverTimeIso(t))
    }
    fc.assert(
      fc.property(fc.double({ min: MIN_SERVER_TIME, max: MAX_SERVER_TIME, noNaN: true }), (t) => {
        expect(iso(t)).toBe(serverTimeIso(t))
      }),
      { numRuns: 5_000 },
    )
  })
})

describe('sessions --json over a simulator world', () => {
  let sim: RunningSimulator
  let home: { dir: string; remove: () => Promise<void> }
  beforeAll(async () => {
    home = await tempDir('clusterdesk-json-')
    sim = await startSimulator({ port: 0, clusters: 2, infobases: 3, sessions: 300, seed: 3, live: false })
    const cluster = sim.clusters[0]!.id
    const odd = [
      sim.world.addSession(cluster, { userName: 'Evil\x1b]0;x\x07 "q" \\ \ud800', appId: '1CV8C' }),
      sim.world.addSession(cluster, { userName: 'Ёлкин 😀', appId: 'WebClient' }),
    ]
    odd[0]!.startedAt = (-1 - TICKS_AT_UNIX_EPOCH) / 10 // before 0001-01-01: null
    odd[1]!.lastActiveAt = 1_795_878_304_555.7 // a fraction of a ms
    sim.world.sessionsChanged(sim.world.requireCluster(cluster), odd)
  })
  afterAll(async () => {
    await sim?.stop()
    await home?.remove()
  })

  /** The old row path: SessionRow per session with its cluster, then one JSON.stringify. */
  async function reference(clusters: string[]): Promise<string> {
    const client = await RasClient.connect({ host: sim.host, port: sim.port })
    try {
      const rows: Row[] = []
      for (const cluster of clusters) {
        await client.authenticateCluster(cluster)
        const names = new Map((await client.listInfobases(cluster)).map((ib) => [ib.infobase, ib.name]))
        for (const r of await client.listSessions(cluster)) {
          rows.push({ ...sessionRow(r, { infobaseNames: names, protocolMajor: client.versionMajor }), cluster })
        }
      }
      const columns: Column[] = [{ key: 'cluster', kind: 'string' }]
      for (const f of fieldsAt(SessionInfo, client.versionMajor)) {
        if (f.name === 'licenses') continue
        const kind = f.type === 'datetime' ? 'datetime' : f.type === 'bool' ? 'boolean' : 'string'
        columns.push({ key: f.name, kind })
        if (f.name === 'infobase') columns.push({ key: 'infobaseName', kind: 'string' })
      }
      return referenceJson(rows, columns)
    } finally {
      await client.close()
    }
  }

  async function cliJson(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: Buffer[] = []
    let stderr = ''
    const code = await runCli(['sessions', '--host', sim.host, '--port', String(sim.port), '--json', ...args], {
      stdout: { write: (chunk: string | Buffer) => out.push(Buffer.from(chunk)) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { HOME: home.dir, CLUSTERDESK_HOME: home.dir },
      prompt: null,
    })
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr }
  }

  it('one cluster: byte for byte the old output', async () => {
    const cluster = sim.clusters[0]!.id
    const r = await cliJson(['--cluster', cluster])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(await reference([cluster]))
  })

  it('every cluster: byte for byte the old output, in cluster order', async () => {
    const r = await cliJson([])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(await reference(sim.clusters.map((c) => c.id)))
  })
})
