/**
 * The SWP framing layer on its own (deterministic, no sockets): any chunking of a stream gives
 * the same frames, bad streams fail as protocol errors, exception payloads with nested causes.
 */
import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../src-main/ras/codec'
import {
  FrameDecoder,
  MAX_FRAME_BYTES,
  NEGOTIATE,
  PacketType,
  decodeEndpointFailure,
  decodeEndpointMessage,
  encodeConnect,
  encodeConnectAck,
  encodeEndpointOpenAck,
  encodeExceptionMessage,
  encodePacket,
  encodeVoid,
  exception,
  readException,
  supportedVersions,
  writeException,
  type Frame,
  type ServerException,
} from '../../../src-main/ras/frames'
import { SERVICE_NAME } from '../../../src-main/ras/messages'
import { hex } from '../../support/hex'
import { protocolErrorOf } from '../../support/ras-failures'
import { AUTH_FAILURE_PACKET, SESSION_V16_FIRST } from '../../support/captures'
import { unsupportedService } from '../../support/scripted-ras'

/** The server side of the §9.1 conversation: CONNECT_ACK, OPEN_ACK, VOID, a sessions reply. */
const SERVER_STREAM = Buffer.concat([
  encodeConnectAck(),
  encodeEndpointOpenAck(SERVICE_NAME, '16.0', 1),
  encodeVoid(1),
  encodePacket(PacketType.EndpointMessage, Buffer.concat([hex('01 00 00 01 42 01'), SESSION_V16_FIRST])),
  encodePacket(PacketType.KeepAlive, Buffer.alloc(0)),
  AUTH_FAILURE_PACKET,
])

const pushAll = (decoder: FrameDecoder, chunks: Buffer[]): Frame[] => chunks.flatMap((c) => decoder.push(c))
const copy = (frames: Frame[]) => frames.map((f) => ({ type: f.type, body: Buffer.from(f.body) }))
/** A cheap, exact summary of frames for comparing hundreds of chunkings. */
const fingerprint = (frames: Frame[]) => frames.map((f) => `${f.type}:${f.body.toString('hex')}`).join('|')

describe('FrameDecoder', () => {
  const whole = copy(new FrameDecoder().push(SERVER_STREAM))

  it('splits a stream of several packets in one chunk', () => {
    expect(whole.map((f) => f.type)).toEqual([2, 12, 14, 14, 16, 14])
    expect(whole[3]!.body.length).toBe(6 + SESSION_V16_FIRST.length)
  })

  it('gives the same frames for one byte per chunk', () => {
    const d = new FrameDecoder()
    expect(
      copy(
        pushAll(
          d,
          Array.from(SERVER_STREAM, (b) => Buffer.from([b])),
        ),
      ),
    ).toEqual(whole)
    expect(d.bufferedBytes).toBe(0)
  })

  it('gives the same frames for every 2-way and many 3-way splits', () => {
    const expected = fingerprint(whole)
    for (let i = 0; i <= SERVER_STREAM.length; i++) {
      const parts = [SERVER_STREAM.subarray(0, i), SERVER_STREAM.subarray(i)]
      expect(fingerprint(pushAll(new FrameDecoder(), parts)), `split at ${i}`).toBe(expected)
    }
    for (let i = 1; i < SERVER_STREAM.length; i += 23) {
      for (let j = i; j < SERVER_STREAM.length; j += 29) {
        const parts = [SERVER_STREAM.subarray(0, i), SERVER_STREAM.subarray(i, j), SERVER_STREAM.subarray(j)]
        expect(fingerprint(pushAll(new FrameDecoder(), parts)), `split at ${i}, ${j}`).toBe(expected)
      }
    }
  })

  it('reads the client stream with its unframed NEGOTIATE block, in any chunking', () => {
    const client = Buffer.concat([NEGOTIATE, encodeConnect(), hex('0d 01 01')])
    for (let i = 0; i <= client.length; i++) {
      const frames = pushAll(new FrameDecoder({ expectNegotiate: true }), [client.subarray(0, i), client.subarray(i)])
      expect(frames.map((f) => f.type)).toEqual([0, 1, 13])
    }
  })

  it('rejects a wrong magic', () => {
    protocolErrorOf(() => new FrameDecoder({ expectNegotiate: true }).push(Buffer.from('GET / HTTP/1.1\r\n')))
  })

  it('rejects unknown packet types, including a framed NEGOTIATE (type 0)', () => {
    for (const type of [0, 3, 5, 10, 17, 0x48, 0xff])
      protocolErrorOf(() => new FrameDecoder().push(Buffer.from([type, 0])))
  })

  it('rejects a length over 64 MiB from the header alone, before buffering the body', () => {
    const header = Buffer.from(
      new Writer()
        .u8(14)
        .size(MAX_FRAME_BYTES + 1)
        .bytes(),
    )
    const d = new FrameDecoder()
    expect(d.push(header.subarray(0, 2))).toEqual([]) // incomplete header: wait
    const e = protocolErrorOf(() => d.push(Buffer.concat([header.subarray(2), Buffer.alloc(100)])))
    expect(e.message).toMatch(/exceeds/)
    protocolErrorOf(() => new FrameDecoder({ maxFrameBytes: 1000 }).push(hex('0e e9 07')))
    expect(new FrameDecoder({ maxFrameBytes: 1000 }).push(hex('0e e8 07'))).toEqual([]) // exactly 1000: fine
  })

  it('rejects a length varint longer than 5 bytes even when it arrives in pieces', () => {
    const d = new FrameDecoder()
    for (const b of hex('0e ff ff ff ff')) expect(d.push(Buffer.from([b]))).toEqual([])
    protocolErrorOf(() => d.push(hex('ff 01')))
  })
})

describe('exceptions', () => {
  const chain = (depth: number): ServerException | null =>
    depth === 0 ? null : { class: `c${depth}`, message: `m${depth}`, trace: [], cause: chain(depth - 1) }

  it('round-trip with traces and nested causes', () => {
    const e: ServerException = {
      class: 'swp.Endpoint',
      message: 'Ошибка точки подключения',
      trace: [
        { class: 'com._1c.v8.ibis.swp.Endpoint', method: 'open', file: 'Endpoint.java', line: 120 },
        { class: '', method: '', file: '', line: -1 },
      ],
      cause: exception('v8.service.UnsupportedService', 'Сервис не поддерживается'),
    }
    const bytes = Buffer.from(writeException(new Writer(), e).bytes())
    const r = new Reader(bytes)
    expect(readException(r)).toEqual(e)
    r.expectEnd('exception')
  })

  it('refuses absurd nesting instead of recursing without end', () => {
    const ok = Buffer.from(writeException(new Writer(), chain(30)).bytes())
    expect(readException(new Reader(ok))).toEqual(chain(30))
    protocolErrorOf(() => readException(new Reader(Buffer.from(writeException(new Writer(), chain(40)).bytes()))))
  })

  it('a trace count larger than the bytes left fails at once', () => {
    protocolErrorOf(() => readException(new Reader(hex('01 "a" 01 "b" ff ff ff 7f'))))
  })

  it('an EXCEPTION message with a null class, or with bytes after it, is malformed', () => {
    protocolErrorOf(() => decodeEndpointMessage(hex('01 00 00 ff 80')))
    const good = encodeExceptionMessage(1, exception('x', 'y')).subarray(2)
    expect(decodeEndpointMessage(good)).toMatchObject({ kind: 'exception', error: { class: 'x', message: 'y' } })
    protocolErrorOf(() => decodeEndpointMessage(Buffer.concat([good, hex('00')])))
    protocolErrorOf(() => decodeEndpointMessage(hex('01 00 00 00 00'))) // VOID with a body
    protocolErrorOf(() => decodeEndpointMessage(hex('01 00 00 02'))) // unknown kind
    protocolErrorOf(() => decodeEndpointMessage(hex('80 00 00 00'))) // no endpoint id
  })

  it('ENDPOINT_FAILURE yields the supported versions of its cause (docs/protocol.md §3.4)', () => {
    const packet = unsupportedService('16.0', ['9.0', '8.0', '7.0', '6.0', '5.0', '4.0', '3.0'])
    const [frame] = new FrameDecoder().push(packet)
    const failure = decodeEndpointFailure(frame!.body)
    expect(failure).toMatchObject({ service: SERVICE_NAME, version: '16.0', endpointId: null })
    expect(failure.error.class).toBe('swp.Endpoint')
    expect(supportedVersions(failure.error)).toEqual(['9.0', '8.0', '7.0', '6.0', '5.0', '4.0', '3.0'])
    expect(supportedVersions(exception('a', 'supported=15.0, 11.0 ,bogus,10.0]'))).toEqual(['15.0', '11.0', '10.0'])
    expect(supportedVersions(exception('a', 'no list here'))).toEqual([])
  })
})
