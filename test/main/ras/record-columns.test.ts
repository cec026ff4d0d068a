/**
 * `decodeListColumns` (and RasClient.sessionColumns over it) holds exactly what `decodeList`
 * returns, field by field and in order, for every record kind and version — a reduced list field
 * holding the named field of its first item — and fails on the same bytes with the same error.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { absentValue, decodeList, encodeList, type RecordDef } from '../../../src-main/ras/record'
import { decodeListColumns, type ColumnReductions } from '../../../src-main/ras/record-columns'
import { LIST_REDUCTIONS } from '../../../src-main/services/session-rows'
import * as records from '../../../src-main/ras/records'
import { startSimulator } from '../../../src-main/simulator'
import { RasClient } from '../../../src-main/ras/client'
import { recordValue } from './arbitraries'

const RECORDS: RecordDef[] = Object.values(records as Record<string, unknown>).filter(
  (v): v is RecordDef => typeof v === 'object' && v !== null && 'fields' in v,
)

function listBytes(record: RecordDef, items: unknown[], version: number): Buffer {
  return encodeList(new Writer(), record, items as never, version).bytes()
}

/** The list as columns, the way decodeListColumns should give it. */
function transpose(record: RecordDef, items: Record<string, unknown>[]): Record<string, unknown[]> {
  return Object.fromEntries(record.fields.map((f) => [f.name, items.map((it) => it[f.name])]))
}

/** Every (list field, scalar field of its items) pair of a record, as one reduction each. */
function reductionsOf(record: RecordDef): ColumnReductions[] {
  return record.fields.flatMap((f) =>
    typeof f.type === 'object'
      ? f.type.list.fields
          .filter((g) => typeof g.type !== 'object' && g.type !== 'tail')
          .map((g) => ({ [f.name]: { first: g.name } }))
      : [],
  )
}

/** `transpose`, with each reduced list field as its first item's field (absent when empty). */
function reduced(record: RecordDef, items: Record<string, unknown>[], reductions: ColumnReductions) {
  const columns = transpose(record, items)
  for (const [name, { first }] of Object.entries(reductions)) {
    const type = record.fields.find((f) => f.name === name)!.type as { list: RecordDef }
    const absent = absentValue(type.list.fields.find((f) => f.name === first)!.type)
    columns[name] = items.map((it) => (it[name] as Record<string, unknown>[])[0]?.[first] ?? absent)
  }
  return columns
}

/** The error `run` throws, or undefined. */
function thrown(run: () => unknown): Error | undefined {
  try {
    run()
  } catch (e) {
    return e as Error
  }
  return undefined
}

describe('decodeListColumns', () => {
  it('holds what decodeList returns, column by column, for every record and version', () => {
    for (const record of RECORDS) {
      // A tail takes the rest of the message: such a record can only come last (alone here).
      const maxLength = record.fields.some((f) => f.type === 'tail') ? 1 : 5
      fc.assert(
        fc.property(fc.array(recordValue(record), { maxLength }), fc.constantFrom(3, 9, 10, 16), (items, version) => {
          const buf = listBytes(record, items, version)
          const rows = decodeList(new Reader(buf), record, version) as Record<string, unknown>[]
          const { count, columns } = decodeListColumns(new Reader(buf), record, version)
          expect(count).toBe(rows.length)
          expect(columns).toEqual(transpose(record, rows))
        }),
        { numRuns: 30 },
      )
    }
  })

  it("keeps one field of a reduced list field's first item, for every list field, item field and version", () => {
    const lists = RECORDS.filter((record) => reductionsOf(record).length > 0)
    expect(lists).toContain(records.SessionInfo)
    for (const record of lists) {
      fc.assert(
        fc.property(
          fc.array(recordValue(record), { maxLength: 4 }),
          fc.constantFrom(3, 9, 10, 16),
          fc.constantFrom(...reductionsOf(record)),
          (items, version, reductions) => {
            const buf = listBytes(record, items, version)
            const rows = decodeList(new Reader(buf), record, version) as Record<string, unknown>[]
            const r = new Reader(buf)
            const { count, columns } = decodeListColumns(r, record, version, reductions)
            expect(r.remaining).toBe(0)
            expect(count).toBe(rows.length)
            expect(columns).toEqual(reduced(record, rows, reductions))
          },
        ),
        { numRuns: 40 },
      )
    }
  })

  it('refuses a reduction of a field that is not a list, or of an item field that does not exist', () => {
    const buf = listBytes(records.SessionInfo, [], 16)
    expect(() => decodeListColumns(new Reader(buf), records.SessionInfo, 16, { appId: { first: 'x' } })).toThrow(
      'SessionInfo.appId is not a list field',
    )
    expect(() => decodeListColumns(new Reader(buf), records.SessionInfo, 16, { licenses: { first: 'nope' } })).toThrow(
      'has no field nope',
    )
  })

  it('fails on bytes that are not UTF-8 in a licence it skips, as decodeList does', () => {
    const [session] = fc.sample(recordValue(records.SessionInfo), { numRuns: 1, seed: 3 })
    const licence = fc.sample(recordValue(records.LicenseInfo), { numRuns: 1, seed: 4 })[0]!
    // The second licence's series is skipped by the reduction: its bytes must still be checked.
    const marked = { ...licence, series: 'SERIES-MARK' }
    const buf = listBytes(records.SessionInfo, [{ ...session!, licenses: [licence, marked] }], 16)
    const at = buf.lastIndexOf(Buffer.from('SERIES-MARK'))
    expect(at).toBeGreaterThan(0)
    buf[at + 3] = 0xff
    const expected = thrown(() => decodeList(new Reader(buf), records.SessionInfo, 16))
    expect(expected?.message).toMatch(/UTF-8/)
    expect(() => decodeListColumns(new Reader(buf), records.SessionInfo, 16, LIST_REDUCTIONS)).toThrow(
      expected!.message,
    )
  })

  it('fails on every truncation with the error decodeList gives', () => {
    const sample = fc.sample(recordValue(records.SessionInfo), { numRuns: 3, seed: 7 })
    const buf = listBytes(records.SessionInfo, sample, 16)
    for (let len = 0; len < buf.length; len += 7) {
      const cut = buf.subarray(0, len)
      let expected: unknown
      try {
        decodeList(new Reader(cut), records.SessionInfo, 16)
      } catch (e) {
        expected = e
      }
      expect(expected, `cut at ${len}`).toBeDefined()
      expect(() => decodeListColumns(new Reader(cut), records.SessionInfo, 16)).toThrow((expected as Error).message)
      expect(() => decodeListColumns(new Reader(cut), records.SessionInfo, 16, LIST_REDUCTIONS)).toThrow(
        (expected as Error).message,
      )
    }
  })

  it('RasClient.sessionColumns lists what listSessions lists, for the cluster and for one infobase', async () => {
    const sim = await startSimulator({ sessions: 120, seed: 5, live: false })
    const client = await RasClient.connect({ host: '127.0.0.1', port: sim.port })
    try {
      const cluster = sim.clusters[0]!.id
      await client.authenticateCluster(cluster, '', '')
      const all = await client.sessionColumns(cluster, null)
      expect(all.columns).toEqual(transpose(records.SessionInfo, await client.listSessions(cluster)))
      const ib = sim.world.requireCluster(cluster).infobases[0]!.infobase
      const one = await client.sessionColumns(cluster, ib)
      expect(one.count).toBeGreaterThan(0)
      expect(one.columns).toEqual(transpose(records.SessionInfo, await client.listInfobaseSessions(cluster, ib)))
      // As the app lists them: each session's licences as the first one's short name.
      const listed = await client.sessionColumns(cluster, null, LIST_REDUCTIONS)
      const rows = await client.listSessions(cluster)
      expect(listed.columns).toEqual(reduced(records.SessionInfo, rows, LIST_REDUCTIONS))
      expect(listed.columns.licenses.filter((name) => name !== '').length).toBeGreaterThan(0)
    } finally {
      await client.close()
      await sim.stop()
    }
  })
})
