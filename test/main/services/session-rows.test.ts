/**
 * The compiled row and table builders (src-main/services/session-rows.ts) over the simulator's
 * generated sessions: the table holds exactly the rows, the derived fields follow the protocol
 * version, and the columns are dense arrays (structured clone writes them compactly).
 */
import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { rowsFromTable, SESSION_FIELDS } from '../../../src-shared/session-table'
import { sessionRow, sessionTable, type RowContext } from '../../../src-main/services/session-rows'
import { SimulatorWorld } from '../../../src-main/simulator'

const world = new SimulatorWorld({ seed: 11, clusters: 1, infobases: 5, sessions: 300, clusterAdmin: null }, () =>
  Date.UTC(2026, 10, 28, 12),
)
const cluster = world.requireCluster()
const records = world.sessions(cluster.info.cluster)
const names = new Map(cluster.infobases.slice(1).map((ib) => [ib.infobase, ib.name]))

describe('session rows and tables', () => {
  it('the table holds the same rows as the row builder, field for field and in order', () => {
    const ctx: RowContext = { infobaseNames: names, protocolMajor: 16 }
    const table = sessionTable(records, ctx)
    expect(table.count).toBe(records.length)
    expect(Object.keys(table.columns)).toEqual([...SESSION_FIELDS])
    const rows = records.map((r) => sessionRow(r, ctx))
    expect(rowsFromTable(table)).toEqual(rows)
    expect(Object.keys(rows[0]!)).toEqual([...SESSION_FIELDS])
  })

  it('derives the infobase name, the service flag, the licence and the client IP by version', () => {
    const v16 = sessionTable(records, { infobaseNames: names, protocolMajor: 16 }).columns
    const v9 = sessionTable(records, { infobaseNames: names, protocolMajor: 9 }).columns
    records.forEach((r, i) => {
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
  })

  it('fills dense columns: a holey copy of the same values serializes larger', () => {
    const table = sessionTable(records, { infobaseNames: names, protocolMajor: 16 })
    const holey = { count: table.count, columns: {} as Record<string, unknown[]> }
    for (const f of SESSION_FIELDS) {
      const column = new Array<unknown>(table.count)
      for (let i = 0; i < table.count; i++) column[i] = table.columns[f][i]
      holey.columns[f] = column
    }
    expect(v8.deserialize(v8.serialize(table))).toEqual(table)
    expect(v8.serialize(table).length).toBeLessThan(v8.serialize(holey).length - table.count * SESSION_FIELDS.length)
  })

  it('an empty list is an empty table', () => {
    const table = sessionTable([], { infobaseNames: names, protocolMajor: 16 })
    expect(table.count).toBe(0)
    expect(table.columns.session).toEqual([])
  })
})
