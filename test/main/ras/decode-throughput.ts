/**
 * Decode (and encode) throughput of a realistic 10,000-session v16 GET_SESSIONS reply built from
 * the captured record of docs/protocol.md §9.2. A script, not a test: `npx tsx test/main/ras/decode-throughput.ts`.
 * Target: ≥ 150 MB/s, i.e. 10k sessions in ≤ 35 ms.
 */
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeList, decodeRecord, encodeList } from '../../../src-main/ras/record'
import { SessionInfo, type SessionRecord } from '../../../src-main/ras/records'
import { SESSION_V16_FIRST } from '../../support/captures'

const base = decodeRecord(new Reader(SESSION_V16_FIRST), SessionInfo, 16)
const hex = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0')
const apps = ['1CV8C', '1CV8C', '1CV8C', 'WebClient', 'BackgroundJob', 'Designer', 'COMConnection']
const N = 10_000
const items: SessionRecord[] = Array.from({ length: N }, (_, i) => ({
  ...base,
  session: `${hex(i * 2654435761, 8)}-32f1-4e90-94cc-${hex(i, 12)}`,
  appId: apps[i % apps.length]!,
  sessionId: i + 1,
  userName: ['Иванов И.И.', 'Петрова А.С.', 'iadmin', 'Бухгалтер 3', 'Склад'][i % 5]! + (i % 97),
  host: `WS-${hex(i % 400, 4)}`,
  clientIp: `10.1.${(i >> 8) & 255}.${i & 255}`,
  infobase: `717bdda7-2f60-4577-b262-${hex(i % 12, 12)}`,
  process: `0399133a-6d5d-4fb0-9029-${hex(i % 6, 12)}`,
  connection: `e942f0e3-9956-4025-b4aa-${hex(i * 7, 12)}`,
  bytesAll: 107270 + i * 13,
  callsAll: 1328 + i,
  memoryTotal: 7164618 + i * 1000,
  memoryCurrent: i % 10 ? 0 : -47080,
  lastActiveAt: base.lastActiveAt! + i * 1000,
  startedAt: base.startedAt! + i * 10,
  licenses: apps[i % apps.length] === 'BackgroundJob' ? [] : base.licenses,
}))
const buf = Buffer.from(encodeList(new Writer(1 << 20), SessionInfo, items, 16).bytes())
console.log(`${N} sessions, ${buf.length} bytes, ${(buf.length / N).toFixed(0)} bytes/session`)
const runs: number[] = []
const cpu: number[] = []
for (let k = 0; k < 80; k++) {
  const c0 = process.cpuUsage()
  const t = process.hrtime.bigint()
  const r = new Reader(buf)
  const out = decodeList(r, SessionInfo, 16)
  r.expectEnd('list')
  runs.push(Number(process.hrtime.bigint() - t) / 1e6)
  const c = process.cpuUsage(c0)
  cpu.push((c.user + c.system) / 1000)
  if (out.length !== N) throw new Error('bad')
}
const warm = runs.slice(10).sort((a, b) => a - b)
const med = warm[warm.length >> 1]!
const mbs = (ms: number) => (buf.length / 1e6 / (ms / 1000)).toFixed(0)
console.log(
  `decode 10k: min ${warm[0]!.toFixed(1)} ms (${mbs(warm[0]!)} MB/s), median ${med.toFixed(1)} ms (${mbs(med)} MB/s), p90 ${warm[Math.floor(warm.length * 0.9)]!.toFixed(1)} ms`,
)
const cw = cpu.slice(10).sort((a, b) => a - b)
console.log(
  `decode 10k CPU time (all threads, incl. GC): median ${cw[cw.length >> 1]!.toFixed(1)} ms (${mbs(cw[cw.length >> 1]!)} MB/s), min ${cw[0]!.toFixed(1)} ms`,
)
const enc: number[] = []
for (let k = 0; k < 20; k++) {
  const t = process.hrtime.bigint()
  encodeList(new Writer(1 << 16), SessionInfo, items, 16)
  enc.push(Number(process.hrtime.bigint() - t) / 1e6)
}
enc.sort((a, b) => a - b)
console.log(`encode 10k: median ${enc[enc.length >> 1]!.toFixed(1)} ms`)
