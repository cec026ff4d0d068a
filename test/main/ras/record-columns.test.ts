/**
 * `decodeListColumns` (and RasClient.sessionColumns over it) holds exactly what `decodeList`
 * returns, field by field and in order, for every record kind and version, and fails on the same
 * bytes with the same error.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeList, encodeList, type RecordDef } from '../../../src-main/ras/record'
import { decodeListColumns } from '../../../src-main/ras/record-columns'
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
    } finally {
      await client.close()
      await sim.stop()
    }
  })
})
