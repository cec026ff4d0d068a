/**
 * What the RasConnection / RasClient tests share: a ScriptedRas per test on loopback with clients
 * on it, closed after each test (which fails if the server saw a second request before answering
 * the first, docs/protocol.md §8.2), and the captured sessions they answer with.
 */
import { afterEach, expect } from 'vitest'
import { RasClient, RasConnection } from '../../../src-main/ras'
import { Reader } from '../../../src-main/ras/codec'
import { decodeRecord } from '../../../src-main/ras/record'
import { SessionInfo, type SessionRecord } from '../../../src-main/ras/records'
import { SESSION_V16_FIRST } from '../../support/captures'
import { ScriptedRas, replyList, replyVoid, type Script, type ScriptedRasOptions } from '../../support/scripted-ras'

export const SESSION = decodeRecord(new Reader(SESSION_V16_FIRST), SessionInfo, 16)
export const SESSION_2: SessionRecord = {
  ...SESSION,
  session: '11111111-2222-4333-8444-555555555555',
  sessionId: 2,
  appId: '1CV8C',
}
export const SESSIONS_V16 = replyList(66, SessionInfo, [SESSION, SESSION_2], 16)
export const FAILURE_TEXT = 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'

/** Answers GET_SESSIONS with SESSIONS_V16 cut as `split` says; everything else VOID. */
export const sessionsScript =
  (split?: 'bytes' | number[]): Script =>
  (req, io) =>
    io.reply(req.code === 65 ? SESSIONS_V16 : replyVoid(), { split })

/** Resolves once the server has seen its (first) connection closed. */
export async function closedOnServer(ras: ScriptedRas): Promise<void> {
  await (
    await ras.connection()
  ).closed
}

/** Registers the after-each cleanup of this test file and returns how its tests start servers and clients. */
export function scriptedRasPerTest(): {
  start(options?: ScriptedRasOptions): Promise<ScriptedRas>
  connect(ras: ScriptedRas, extra?: Parameters<ScriptedRas['target']>[0]): Promise<RasClient>
} {
  const servers: ScriptedRas[] = []
  const clients: Array<RasClient | RasConnection> = []
  afterEach(async () => {
    for (const c of clients.splice(0)) (c instanceof RasClient ? c.connection : c).destroy()
    for (const s of servers.splice(0)) {
      expect(s.violations).toEqual([])
      await s.close()
    }
  })
  return {
    async start(options = {}) {
      const ras = await ScriptedRas.start(options)
      servers.push(ras)
      return ras
    },
    async connect(ras, extra = {}) {
      const client = await RasClient.connect(ras.target(extra))
      clients.push(client)
      return client
    },
  }
}
