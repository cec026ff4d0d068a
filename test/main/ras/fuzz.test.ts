/**
 * Fuzzing: random bytes and mutated real replies (flipped, inserted, deleted, duplicated bytes,
 * truncation) fed to the decoders and to a live RasConnection through a loopback server. The
 * only acceptable failure is a RasError: no other exception type, no hang, no unhandled
 * rejection. Bounded to a few thousand cases so it runs in a couple of seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Reader, Writer } from '../../../src-main/ras/codec'
import { RasError } from '../../../src-main/ras/errors'
import {
  FrameDecoder,
  PacketType,
  decodeEndpointFailure,
  decodeEndpointMessage,
  decodeEndpointOpenAck,
  decodeParamsBody,
  encodeEndpointOpenAck,
  encodePacket,
  messageWriter,
  writeException,
} from '../../../src-main/ras/frames'
import { decodeList, decodeRecord, encodeList, encodeRecord, type RecordDef } from '../../../src-main/ras/record'
import { decodeListColumns, type ColumnReductions } from '../../../src-main/ras/record-columns'
import * as records from '../../../src-main/ras/records'
import { RasConnection } from '../../../src-main/ras/connection'
import { Messages, SERVICE_NAME } from '../../../src-main/ras/messages'
import {
  AUTH_FAILURE_PACKET,
  CLUSTER_LIST_V11,
  CONNECTION_V9_FIRST,
  INFOBASE_V16,
  LOCK_RECORD,
  PROCESS_RECORD,
  SERVICE_RECORD,
  SESSION_NOT_FOUND_PACKET,
  SESSION_V16_FIRST,
} from '../../support/captures'
import { ScriptedRas, unsupportedService } from '../../support/scripted-ras'
import { recordValue } from './arbitraries'

type Body = { name: string; body: Buffer; record?: RecordDef; version?: number; list?: boolean }

const RECORDS: RecordDef[] = Object.values(records as Record<string, unknown>).filter(
  (v): v is RecordDef => typeof v === 'object' && v !== null && 'fields' in v,
)
const VERSIONS = [9, 10, 11, 16]

function listBody(code: number, record: RecordDef, items: unknown[], version: number): Body {
  const w = messageWriter(1, code, 1024)
  encodeList(w, record, items as never, version)
  return { name: `${record.name} list v${version}`, body: Buffer.from(w.bytes()), record, version, list: true }
}

function oneBody(code: number, record: RecordDef, bytes: Buffer, version: number): Body {
  return {
    name: `${record.name} v${version}`,
    body: Buffer.concat([messageWriter(1, code).bytes(), bytes]),
    record,
    version,
  }
}

/** Real replies: captures from docs/protocol.md §9 and records generated from the declarations. */
function corpus(): Body[] {
  const session = decodeRecord(new Reader(SESSION_V16_FIRST), records.SessionInfo, 16)
  const sample = (r: RecordDef, n: number, seed: number) => fc.sample(recordValue(r), { numRuns: n, seed })
  const nested = new Writer().nsize(1).i16(0).u8(0xff)
  writeException(nested, {
    class: 'swp.Endpoint',
    message: 'Ошибка точки подключения',
    trace: [{ class: 'a.B', method: 'run', file: 'B.java', line: 42 }],
    cause: { class: 'v8.service.UnsupportedService', message: 'supported=9.0,8.0', trace: [], cause: null },
  })
  const out: Body[] = [
    {
      name: 'cluster list v11 (captured)',
      body: CLUSTER_LIST_V11,
      record: records.ClusterInfo,
      version: 11,
      list: true,
    },
    { name: 'auth failure (captured)', body: AUTH_FAILURE_PACKET.subarray(3) },
    { name: 'session not found (captured)', body: SESSION_NOT_FOUND_PACKET.subarray(3) },
    { name: 'void', body: Buffer.from([1, 0, 0, 0]) },
    { name: 'nested exception', body: Buffer.from(nested.bytes()) },
    oneBody(70, records.SessionInfo, SESSION_V16_FIRST, 16),
    oneBody(55, records.ConnectionShort, CONNECTION_V9_FIRST, 9),
    oneBody(49, records.InfobaseInfo, INFOBASE_V16, 16),
    oneBody(32, records.ProcessInfo, PROCESS_RECORD, 11),
    listBody(79, records.LockInfo, [decodeRecord(new Reader(LOCK_RECORD), records.LockInfo, 16)], 16),
    listBody(36, records.ServiceInfo, [decodeRecord(new Reader(SERVICE_RECORD), records.ServiceInfo, 9)], 9),
    listBody(66, records.SessionInfo, [session, { ...session, licenses: [] }], 16),
    listBody(66, records.SessionInfo, [session], 9),
  ]
  for (const version of VERSIONS) {
    const lists: Array<[number, RecordDef]> = [
      [30, records.ProcessInfo],
      [23, records.ServerInfo],
      [36, records.ServiceInfo],
      [12, records.ClusterInfo],
      [73, records.LockInfo],
      [3, records.UserInfo],
      [43, records.InfobaseSummary],
      [19, records.ManagerInfo],
      [51, records.ConnectionShort],
      [79, records.LockInfo], // GET_SESSION_LOCKS
    ]
    for (const [code, r] of lists) out.push(listBody(code, r, sample(r, 2, version), version))
    // The requests the simulator decodes for GET_CLUSTER_SERVICES, UPDATE_INFOBASE_SHORT, GET_SESSION_LOCKS.
    for (const m of [Messages.clusterServices, Messages.updateInfobaseShort, Messages.sessionLocks]) {
      const r = m.request as RecordDef
      const [value] = sample(r, 1, version + m.code)
      out.push(oneBody(m.code, r, Buffer.from(encodeRecord(new Writer(), r, value as never, version).bytes()), version))
    }
  }
  return out
}

const CORPUS = corpus()

const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.constantFrom(0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff),
  }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

function mutate(input: Buffer, ops: Mutation[]): Buffer {
  let b = Buffer.from(input)
  for (const m of ops) {
    const at = b.length === 0 ? 0 : m.at % b.length
    switch (m.op) {
      case 'flip':
        if (b.length) b[at] = b[at]! ^ m.bits
        break
      case 'set':
        if (b.length) b[at] = m.value
        break
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)])
        break
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)])
        break
      case 'dup':
        b = Buffer.concat([b.subarray(0, at + m.count), b.subarray(at)])
        break
      case 'truncate':
        b = b.subarray(0, at)
        break
    }
  }
  return b
}

/** Runs `f`; anything thrown must be a RasError. */
function onlyRasErrors(f: () => unknown): void {
  try {
    f()
  } catch (e) {
    if (!(e instanceof RasError)) throw new Error(`non-RasError thrown: ${String(e)}`, { cause: e })
  }
}

/** Every decoder that could see these bytes as an ENDPOINT_MESSAGE body or another packet body. */
function decodeEverything(body: Buffer, hint: Body, other: { record: RecordDef; version: number }): void {
  onlyRasErrors(() => {
    const msg = decodeEndpointMessage(body)
    if (msg.kind !== 'message') return
    const at = msg.reader.pos
    const attempts: Array<[RecordDef, number, boolean]> = [[other.record, other.version, true]]
    if (hint.record) attempts.push([hint.record, hint.version!, hint.list ?? false])
    for (const [record, version, list] of attempts) {
      onlyRasErrors(() => {
        const r = new Reader(body, at)
        if (list) decodeList(r, record, version)
        else decodeRecord(r, record, version)
        r.expectEnd('reply')
      })
      if (list) {
        onlyRasErrors(() => {
          const r = new Reader(body, at)
          decodeListColumns(r, record, version)
          r.expectEnd('reply')
        })
        // As the app lists sessions: nested lists reduced to one field of their first item.
        onlyRasErrors(() => {
          const r = new Reader(body, at)
          decodeListColumns(r, record, version, firstTextOfEachList(record))
          r.expectEnd('reply')
        })
      }
    }
  })
  onlyRasErrors(() => decodeEndpointFailure(body))
  onlyRasErrors(() => decodeEndpointOpenAck(body))
  onlyRasErrors(() => decodeParamsBody(body))
  onlyRasErrors(() => {
    const d = new FrameDecoder({ expectNegotiate: body.length > 0 && body[0]! < 0x80 })
    d.push(body.subarray(0, body.length >> 1))
    d.push(body.subarray(body.length >> 1))
  })
}

const otherDecoder = fc.record({ record: fc.constantFrom(...RECORDS), version: fc.constantFrom(...VERSIONS) })

/** Each list field of `record` reduced to the first text field of its items (record-columns.ts). */
function firstTextOfEachList(record: RecordDef): ColumnReductions {
  const reductions: Record<string, { first: string }> = {}
  for (const f of record.fields) {
    const text = typeof f.type === 'object' ? f.type.list.fields.find((g) => g.type === 'str') : undefined
    if (text) reductions[f.name] = { first: text.name }
  }
  return reductions
}

describe('fuzzing the decoders', () => {
  it('mutated real replies only ever fail with RasError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        otherDecoder,
        (base, ops, other) => decodeEverything(mutate(base.body, ops), base, other),
      ),
      { numRuns: 2500 },
    )
  })

  it('random bytes, bare or behind a valid envelope, only ever fail with RasError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(Buffer.alloc(0), Buffer.from([1, 0, 0, 1, 66]), Buffer.from([1, 0, 0, 0xff])),
        otherDecoder,
        (bytes, prefix, other) =>
          decodeEverything(
            Buffer.concat([prefix, Buffer.from(bytes)]),
            { name: 'random', body: Buffer.alloc(0) },
            other,
          ),
      ),
      { numRuns: 1500 },
    )
  })

  it('every truncation of every real reply is a protocol error, never a short value', () => {
    for (const base of CORPUS.filter((b) => b.record)) {
      for (let n = 0; n < base.body.length; n++) {
        const body = base.body.subarray(0, n)
        let error: unknown
        try {
          const msg = decodeEndpointMessage(body)
          if (msg.kind !== 'message') throw new Error(`${base.name} cut at ${n} decoded as ${msg.kind}`)
          if (base.list) decodeList(msg.reader, base.record!, base.version!)
          else decodeRecord(msg.reader, base.record!, base.version!)
          msg.reader.expectEnd('reply')
        } catch (e) {
          error = e
        }
        // A cut inside a trailing tail is still well-formed; anything else must fail as protocol.
        if (base.record === records.InfobaseInfo && base.version === 16 && !base.list && n >= base.body.length - 13)
          continue
        expect(error, `${base.name} cut at ${n}`).toBeInstanceOf(RasError)
        expect((error as RasError).kind).toBe('protocol')
      }
    }
  })
})

describe('fuzzing a live connection', () => {
  type Case = { connectAck?: Buffer; openReply?: Buffer; reply: Buffer; cut: boolean; version: number }
  let current: Case = { reply: Buffer.alloc(0), cut: false, version: 16 }
  let ras: ScriptedRas

  beforeAll(async () => {
    ras = await ScriptedRas.start({
      // A damaged handshake answer is followed by FIN, so the client never waits for its timeout.
      connectAck: (conn) => {
        if (current.connectAck) setImmediate(() => conn.socket.end())
        return current.connectAck ?? Buffer.from([2, 1, 0x80])
      },
      openReply: (version, conn) => {
        if (current.openReply) {
          setImmediate(() => conn.socket.end())
          return current.openReply
        }
        // open the version the case's reply was encoded for, after a retry like a real server
        const wanted = `${current.version}.0`
        return version === wanted ? undefined : unsupportedService(version, [wanted])
      },
      script: async (req, io) => {
        await io.send(current.reply, current.cut ? { split: [current.reply.length >> 1] } : {})
        await new Promise((r) => setImmediate(r))
        io.end() // whatever the client still waits for, it will not come
      },
    })
  })

  afterAll(async () => {
    await ras.close()
  })

  const packet = (b: Body) => encodePacket(PacketType.EndpointMessage, b.body)
  const handshakeBytes = [
    Buffer.from([2, 1, 0x80]),
    encodeEndpointOpenAck(SERVICE_NAME, '16.0', 1),
    unsupportedService('16.0', ['15.0', '11.0']),
  ]

  it('mutated replies and handshakes: every call settles, with a value or a RasError', async () => {
    let settled = 0
    const seen = new Map<string, number>()
    const tally = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CORPUS),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('reply', 'reply', 'reply', 'connect', 'open', 'frame'),
        async (base, ops, cut, where) => {
          current = { reply: packet(base), cut, version: base.version ?? 16 }
          if (where === 'reply') current.reply = encodePacket(PacketType.EndpointMessage, mutate(base.body, ops))
          if (where === 'frame') current.reply = mutate(packet(base), ops)
          if (where === 'connect') current.connectAck = mutate(handshakeBytes[0]!, ops)
          if (where === 'open') current.openReply = mutate(handshakeBytes[(ops[0]!.at % 2) + 1]!, ops)
          let conn: RasConnection
          try {
            conn = await RasConnection.open({ ...ras.target(), connectTimeoutMs: 500, requestTimeoutMs: 500 })
          } catch (e) {
            expect(e).toBeInstanceOf(RasError)
            tally(`open:${(e as RasError).kind}`)
            settled++
            return
          }
          const code = base.body[4]
          const message =
            Object.values(Messages).find((m) => m.reply.kind !== 'void' && m.reply.code === code) ?? Messages.sessions
          const args = fc.sample(recordValue(message.request), { numRuns: 1, seed: code })[0]!
          const outcomes = await Promise.allSettled([
            conn.call(message, args as never),
            conn.call(Messages.agentVersion, {}),
          ])
          for (const o of outcomes) {
            if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(RasError)
            tally(o.status === 'fulfilled' ? 'ok' : (o.reason as RasError).kind)
          }
          settled += outcomes.length
          conn.destroy()
        },
      ),
      { numRuns: 300 },
    )
    expect(settled).toBeGreaterThanOrEqual(300)
    // the cases really reach every outcome, not just one kind of failure
    for (const k of ['ok', 'protocol', 'network', 'open:protocol'])
      expect(seen.get(k), `${k} in ${[...seen]}`).toBeGreaterThan(0)
    console.info(`live fuzz outcomes: ${[...seen].map(([k, n]) => `${k}=${n}`).join(', ')}`)
    await Promise.all(ras.connections.map((c) => c.closed)) // no socket left behind
    // No wall-clock limit: a hang would show as the test's own timeout; a loaded machine is not one.
  }, 120_000)
})
