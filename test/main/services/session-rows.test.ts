/**
 * The session row and table builders (src-main/services/session-rows.ts) over the simulator's
 * generated sessions, encoded and decoded as on the wire: the table holds exactly the rows, the
 * derived fields follow the protocol version, and the columns are dense arrays (structured clone
 * writes them compactly).
 */
import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { rowsFromTable, SESSION_FIELDS } from '../../../src-shared/session-table'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeList, encodeList } from '../../../src-main/ras/record'
import { decodeListColumns } from '../../../src-main/ras/record-columns'
import { SessionInfo } from '../../../src-main/ras/records'
import { LIST_REDUCTIONS, sessionRow, sessionTable, type RowContext } from '../../../src-main/services/session-rows'
import { SimulatorWorld } from '../../../src-main/simulator'

const world = new SimulatorWorld({ seed: 11, clusters: 1, infobases: 5, sessions: 300, clusterAdmin: null }, () =>
  Date.UTC(2026, 10, 28, 12),
)
const cluster = world.requireCluster()
const generated = world.sessions(cluster.info.cluster)
// One infobase left unnamed: its sessions show an empty name.
const names = new Map(cluster.infobases.slice(1).map((ib) => [ib.infobase, ib.name]))

/** The sessions as a server of this version sends them: as records and as columns. */
function atVersion(version: number) {
  const bytes = encodeList(new Writer(), SessionInfo, generated, version).bytes()
  return {
    records: decodeList(new Reader(bytes), SessionInfo, version),
    columns: decodeListColumns(new Reader(bytes), SessionInfo, version, LIST_REDUCTIONS),
  }
}

describe('session rows and tables', () => {
  it('the table holds the same rows as the row builder, field for field and in order', () => {
    for (const version of [9, 16]) {
      const ctx: RowContext = { infobaseNames: names, protocolMajor: version }
      const { records, columns } = atVersion(version)
      const table = sessionTable(columns, ctx)
      expect(table.count).toBe(generated.length)
      expect(Object.keys(table.columns)).toEqual([...SESSION_FIELDS])
      const rows = records.map((r) => sessionRow(r, ctx))
      expect(rowsFromTable(table)).toEqual(rows)
      expect(Object.keys(rows[0]!)).toEqual([...SESSION_FIELDS])
    }
  })

  it('derives the infobase name, the service flag, the licence and the client IP by version', () => {
    const v16 = sessionTable(atVersion(16).columns, { infobaseNames: names, protocolMajor: 16 }).columns
    const v9 = sessionTable(atVersion(9).columns, { infobaseNames: names, protocolMajor: 9 }).columns
    generated.forEach((r, i) => {
      expect(v16.infobaseName[i]).toBe(names.get(r.infobase) ?? '')
      expect(v16.isService[i]).toBe(['BackgroundJob', 'SystemBackgroundJob', 'SrvrConsole'].includes(r.appId))
      expect(v16.license[i]).toBe(r.licenses[0]?.shortPresentation ?? '')
      expect(v16.clientIp[i]).toBe(r.clientIp ?? '')
      expect(v9.clientIp[i]).toBe('')
      expect(v16.memoryTotal[i]).toBe(r.memoryTotal)
    })
    // The world has what the checks above need to mean something.
    expect(v16.infobaseName.filter((n) => n === '').length).toBeGreaterThan(0)
    expect(v16.infobaseName.filter((n) => n !== '').length).toBeGreaterThan(0)
    expect(v16.isService.some(Boolean)).toBe(true)
    expect(v16.clientIp.some((ip) => ip !== '')).toBe(true)
    expect(v16.license.some((l) => l !== '')).toBe(true)
  })

  it('fills dense columns: a holey copy of the same values serializes larger', () => {
    const table = sessionTable(atVersion(16).columns, { infobaseNames: names, protocolMajor: 16 })
    const holey = { count: table.count, columns: {} as Record<string, unknown[]> }
    for (const f of SESSION_FIELDS) {
      const column = new Array<unknown>(table.count)
      for (let i = 0; i < table.count; i++) column[i] = table.columns[f][i]
      holey.columns[f] = column
    }
    expect(v8.deserialize(v8.serialize(table))).toEqual(table)
    expect(v8.serialize(table).length).toBeLessThan(v8.serialize(holey).length - table.count * SESSION_FIELDS.length)
  })
})
