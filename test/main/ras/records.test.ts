/**
 * Every record declaration round-trips at service versions 9, 10, 11 and 16: encode a value,
 * decode it, get the same value back, with the fields a version lacks read as their absent
 * defaults. Values are generated from the declarations, so new fields are covered automatically.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Reader, Writer } from '../../../src-main/ras/codec'
import {
  absentValue,
  decodeList,
  decodeRecord,
  encodeList,
  encodeRecord,
  fieldsAt,
  type RecordDef,
  type RecordValue,
} from '../../../src-main/ras/record'
import * as records from '../../../src-main/ras/records'
import { Messages } from '../../../src-main/ras/messages'
import { CLUSTER_LIST_V11, CLUSTER_V16_TAIL, INFOBASE_V16, SESSION_V16_FIRST } from '../../support/captures'
import { recordValue } from './arbitraries'
import { decodedRecord } from './exact-codec'

const VERSIONS = [9, 10, 11, 16] as const

const isRecordDef = (v: unknown): v is RecordDef =>
  typeof v === 'object' && v !== null && 'fields' in v && Array.isArray((v as RecordDef).fields)

const recordDefs: RecordDef[] = Object.values(records as Record<string, unknown>).filter(isRecordDef)
const requestDefs: RecordDef[] = [...new Set(Object.values(Messages).map((m) => m.request as RecordDef))]

/** What decoding at `version` must give for `value`: absent fields replaced by their defaults. */
function expected(record: RecordDef, value: Record<string, unknown>, version: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of record.fields) {
    if (f.since > version) out[f.name] = absentValue(f.type)
    else if (typeof f.type === 'object') {
      const item = f.type.list
      out[f.name] = (value[f.name] as Record<string, unknown>[]).map((v) => expected(item, v, version))
    } else out[f.name] = value[f.name]
  }
  return out
}

function roundTrip(record: RecordDef, value: Record<string, unknown>, version: number): Record<string, unknown> {
  const bytes = encodeRecord(new Writer(), record, value as RecordValue<RecordDef>, version).bytes()
  return decodedRecord(Buffer.from(bytes), record, version)
}

describe('the record set', () => {
  it('covers every record the records module exports', () => {
    expect(recordDefs.map((r) => r.name).sort()).toEqual(
      [
        'ClusterInfo',
        'ConnectionShort',
        'InfobaseInfo',
        'InfobaseSummary',
        'LicenseInfo',
        'LockInfo',
        'ManagerInfo',
        'ManagerRef',
        'PortRange',
        'ProcessInfo',
        'ServerInfo',
        'ServiceInfo',
        'SessionInfo',
        'UserInfo',
      ].sort(),
    )
  })
})

describe.each(VERSIONS)('service version %i', (version) => {
  it.each(recordDefs.map((r) => [r.name, r] as const))('%s round-trips', (_name, record) => {
    fc.assert(
      fc.property(recordValue(record), (value) => {
        const back = roundTrip(record, value, version)
        expect(back).toEqual(expected(record, value, version))
        // one shape for every record of a kind: the declared fields, in wire order
        expect(Object.keys(back)).toEqual(record.fields.map((f) => f.name))
      }),
      { numRuns: 150 },
    )
  })

  it.each(requestDefs.map((r) => [r.name, r] as const))('request %s round-trips', (_name, record) => {
    fc.assert(
      fc.property(recordValue(record), (value) => {
        expect(roundTrip(record, value, version)).toEqual(expected(record, value, version))
      }),
      { numRuns: 40 },
    )
  })

  it('lists round-trip and a list of one record kind shares nothing mutable', () => {
    fc.assert(
      fc.property(fc.array(recordValue(records.SessionInfo), { maxLength: 6 }), (items) => {
        const w = encodeList(
          new Writer(),
          records.SessionInfo,
          items as RecordValue<typeof records.SessionInfo>[],
          version,
        )
        const r = new Reader(Buffer.from(w.bytes()))
        const back = decodeList(r, records.SessionInfo, version)
        r.expectEnd('list')
        expect(back).toEqual(items.map((v) => expected(records.SessionInfo, v, version)))
        if (back.length > 1) expect(back[0]!.licenses).not.toBe(back[1]!.licenses)
      }),
      { numRuns: 60 },
    )
  })
})

describe('realistic values across versions', () => {
  const session = decodeRecord(new Reader(SESSION_V16_FIRST), records.SessionInfo, 16)

  it('the captured v16 session re-encodes at 9/10/11/16 with the version-gated fields only', () => {
    const len = (v: number) => encodeRecord(new Writer(), records.SessionInfo, session, v).length
    expect(len(16)).toBe(SESSION_V16_FIRST.length)
    expect(len(11)).toBe(len(16)) // nothing after client-ip in 11 or 16 (docs/protocol.md §6.4)
    expect(len(10)).toBe(len(16))
    expect(len(9)).toBe(len(10) - 1 - '127.0.0.1'.length) // client-ip is v ≥ 10
    expect(roundTrip(records.SessionInfo, session, 9)).toEqual({ ...session, clientIp: '' })
    expect(roundTrip(records.SessionInfo, session, 10)).toEqual(session)
    expect(fieldsAt(records.SessionInfo, 3)).toHaveLength(32)
    expect(fieldsAt(records.SessionInfo, 9)).toHaveLength(49)
    expect(fieldsAt(records.SessionInfo, 16)).toHaveLength(50)
  })

  it('ClusterInfo: v9/v10/v11 share a layout, v16 appends 18 bytes that come back absent below 16', () => {
    const v11 = decodeList(new Reader(CLUSTER_LIST_V11, 5), records.ClusterInfo, 11)[0]!
    const body11 = CLUSTER_LIST_V11.subarray(6)
    for (const v of [9, 10, 11])
      expect(Buffer.from(encodeRecord(new Writer(), records.ClusterInfo, v11, v).bytes())).toEqual(body11)
    const v16 = decodeRecord(new Reader(Buffer.concat([body11, CLUSTER_V16_TAIL])), records.ClusterInfo, 16)
    expect(v16).toMatchObject({ unknownV16: 1, pingPeriod: 0, pingTimeout: 0, restartSchedule: '' })
    const down = roundTrip(records.ClusterInfo, { ...v16, pingPeriod: 1000, restartSchedule: '0 3 * * 6' }, 11)
    expect(down).toEqual({ ...v11, unknownV16: 0, allowAccessRightAuditEventsRecording: false })
  })

  it('InfobaseInfo keeps the unknown v16 tail and writes it back; below 12 there is none', () => {
    const ib = decodeRecord(new Reader(INFOBASE_V16), records.InfobaseInfo, 16)
    expect(ib.tail).toBe('00000003e70000037800000309')
    expect(Buffer.from(encodeRecord(new Writer(), records.InfobaseInfo, ib, 16).bytes())).toEqual(INFOBASE_V16)
    const changed = roundTrip(records.InfobaseInfo, { ...ib, sessionsDeny: true, deniedMessage: 'Обновление' }, 16)
    expect(changed).toEqual({ ...ib, sessionsDeny: true, deniedMessage: 'Обновление' })
    for (const v of [9, 10, 11]) {
      const back = roundTrip(records.InfobaseInfo, ib, v)
      expect(back).toEqual({ ...ib, tail: '' })
    }
    expect(roundTrip(records.InfobaseInfo, ib, 16).tail).toBe(ib.tail)
  })

  it('ProcessInfo and ServerInfo gate reserve / v8 memory fields / service-principal-name', () => {
    const proc = fc.sample(recordValue(records.ProcessInfo), { numRuns: 1, seed: 7 })[0]!
    expect(roundTrip(records.ProcessInfo, { ...proc, reserve: true }, 9).reserve).toBe(true)
    const server = fc.sample(recordValue(records.ServerInfo), { numRuns: 1, seed: 7 })[0]!
    const s = { ...server, servicePrincipalName: 'HTTP/srv', restartSchedule: 'x', unknownV16: 3 }
    expect(roundTrip(records.ServerInfo, s, 10)).toMatchObject({
      servicePrincipalName: '',
      restartSchedule: '',
      unknownV16: 0,
    })
    expect(roundTrip(records.ServerInfo, s, 11)).toMatchObject({
      servicePrincipalName: 'HTTP/srv',
      restartSchedule: '',
    })
    expect(roundTrip(records.ServerInfo, s, 16)).toMatchObject({ restartSchedule: 'x', unknownV16: 3 })
  })

  it('values that differ only where the repeat cache does not look are still told apart', () => {
    const base = decodeRecord(new Reader(SESSION_V16_FIRST), records.SessionInfo, 16)
    const names = ['Иванов-1-Ж', 'Иванов-2-Ж', 'Иванов-1-Ж', 'Иванов-3-Ж', 'Иванов-2-Ж']
    const uuids = [
      '0a000000-0000-0000-0000-0000000000ff',
      '0a000000-0000-0000-0001-0000000000ff',
      '0a000000-0000-0000-0000-0000000000ff',
      '0a000000-0000-0000-0000-0100000000ff',
    ]
    const items = Array.from({ length: 40 }, (_, i) => ({
      ...base,
      userName: names[i % names.length]!,
      infobase: uuids[i % uuids.length]!,
      process: uuids[(i * 3) % uuids.length]!,
      host: i % 2 ? 'host-a' : 'host-b',
    }))
    const w = encodeList(new Writer(), records.SessionInfo, items, 16)
    const back = decodeList(new Reader(Buffer.from(w.bytes())), records.SessionInfo, 16)
    expect(back).toEqual(items)
  })

  it('encoding refuses values of the wrong type instead of writing garbage', () => {
    expect(() =>
      encodeRecord(
        new Writer(),
        records.LockInfo,
        { ...fc.sample(recordValue(records.LockInfo), 1)[0]!, descr: 5 } as never,
        16,
      ),
    ).toThrow(TypeError)
    const ib = decodeRecord(new Reader(INFOBASE_V16), records.InfobaseInfo, 16)
    expect(() => encodeRecord(new Writer(), records.InfobaseInfo, { ...ib, tail: 'xyz' }, 16)).toThrow(TypeError)
  })
})
