/**
 * What the server answers, seen through RasClient on a real loopback socket: version negotiation
 * on one socket (docs/protocol.md §3.2), server exceptions mapped to typed RasErrors with the
 * server's text verbatim (§3.6), and errors that say where they happened.
 */
import { describe, expect, it } from 'vitest'
import { RasClient, RasError } from '../../../src-main/ras'
import { ClusterInfo, SessionInfo } from '../../../src-main/ras/records'
import { PacketType, encodePacket } from '../../../src-main/ras/frames'
import { hex } from '../../support/hex'
import { CLUSTER_LIST_V11, CLUSTER_UUID } from '../../support/captures'
import { rasFailure } from '../../support/ras-failures'
import { replyException, replyList, replyVoid, type Script, type ScriptedRas } from '../../support/scripted-ras'
import { FAILURE_TEXT, SESSION, SESSION_2, closedOnServer, scriptedRasPerTest } from './scripted-fixture'

const { start, connect } = scriptedRasPerTest()

/** The failure of a cluster login with a wrong password, from a server that answers it like ras. */
async function wrongPassword(): Promise<{ ras: ScriptedRas; e: RasError }> {
  const ras = await start({
    script: (req, io) => io.reply(replyException('v8.service.Admin.Cluster#Failure', FAILURE_TEXT)),
  })
  const client = await connect(ras)
  return { ras, e: await rasFailure(client.authenticateCluster(CLUSTER_UUID, 'cadmin', 'badpwd'), 'auth') }
}

describe('version negotiation', () => {
  it.each([
    [['15.0', '14.0', '11.0', '10.0'], '11.0'],
    [['9.0', '8.0'], '9.0'],
    [['9.0', '8.0', '7.0', '6.0', '5.0', '4.0', '3.0'], '9.0'], // the 2020 server of docs/protocol.md §3.2
    [['10.0', '9.0'], '10.0'],
    [['16.0', '11.0'], '16.0'],
  ])('supported=%j → retries on the same socket with %s', async (versions, expected) => {
    const ras = await start({
      versions,
      script: (req, io) => io.reply(replyList(12, ClusterInfo, [], Number.parseInt(expected))),
    })
    const client = await connect(ras)
    expect(client.version).toBe(expected)
    expect(client.versionMajor).toBe(Number.parseInt(expected))
    expect(await client.listClusters()).toEqual([])
    expect(ras.connections).toHaveLength(1)
    const conn = await ras.connection()
    expect(conn.opened).toEqual(expected === '16.0' ? ['16.0'] : ['16.0', expected])
  })

  it('the negotiated version drives the record layout (v11 cluster list capture)', async () => {
    const ras = await start({
      versions: ['11.0', '10.0'],
      script: (req, io) => io.reply(encodePacket(PacketType.EndpointMessage, CLUSTER_LIST_V11)),
    })
    const client = await connect(ras)
    const [cluster] = await client.listClusters()
    expect(cluster).toMatchObject({ cluster: CLUSTER_UUID, name: 'Локальный кластер', port: 1541, pingPeriod: 0 })
  })

  it.each([[['15.0', '14.0', '13.0', '12.0']], [['2.0', '1.0']], [[]]])(
    'supported=%j (nothing known) → unsupported-version',
    async (versions) => {
      const ras = await start({ versions })
      const e = await rasFailure(RasClient.connect(ras.target()), 'unsupported-version')
      expect(e.serverClass).toBe('v8.service.UnsupportedService')
      expect(e.serverMessage).toContain(`supported=${versions.join(',')}`)
      await closedOnServer(ras)
    },
  )
})

describe('server exceptions', () => {
  const errorScript =
    (cls: string, message: string): Script =>
    (req, io) =>
      io.reply(req.code === 9 && req.index === 0 ? replyVoid() : replyException(cls, message))

  it('a bad password surfaces the #Failure text verbatim as auth', async () => {
    const { e } = await wrongPassword()
    expect(e.message).toBe(FAILURE_TEXT)
    expect(e.serverMessage).toBe(FAILURE_TEXT)
    expect(e.serverClass).toBe('v8.service.Admin.Cluster#Failure')
  })

  it.each([
    ['SessionNotFound', 'session', 'Сеанс с указанным идентификатором не найден'],
    ['InfoBaseNotFound', 'infobase', 'Информационная база с указанным идентификатором не найдена'],
    ['ClusterNotFound', 'cluster', 'Кластер с указанным идентификатором не найден'],
    ['ConnectionNotFound', 'connection', 'Соединение с указанным идентификатором не найдено'],
    ['ClientNotFound', 'connection', 'Соединение 00000000-0000-0000-0000-000000000000 не найдено'],
  ])('#%s → not-found (%s), and the connection stays usable', async (name, subject, text) => {
    const ras = await start({ script: errorScript(`v8.service.Admin.Cluster#${name}`, text) })
    const client = await connect(ras)
    await client.authenticateCluster(CLUSTER_UUID)
    const e = await rasFailure(client.terminateSession(CLUSTER_UUID, SESSION.session, 'bye'), 'not-found')
    expect(e.notFound).toBe(subject)
    expect(e.message).toBe(text)
    await rasFailure(client.getSession(CLUSTER_UUID, SESSION.session), 'not-found') // still answering
  })

  it('#Rights → rights; anything else → server with class and message kept', async () => {
    const ras = await start({
      script: (req, io) =>
        io.reply(
          req.index === 0
            ? replyException(
                'v8.service.Admin.Cluster#Rights',
                'Недостаточно прав пользователя на информационную базу yaxunit',
              )
            : replyException('swp.UnknownThrowable', ' server_addr=tcp://alko-home:1560 descr=recv returns zero'),
        ),
    })
    const client = await connect(ras)
    await rasFailure(client.getInfobase(CLUSTER_UUID, SESSION.infobase), 'rights')
    const e = await rasFailure(client.getInfobase(CLUSTER_UUID, SESSION.infobase), 'server')
    expect(e.serverClass).toBe('swp.UnknownThrowable')
    expect(e.message).toBe(' server_addr=tcp://alko-home:1560 descr=recv returns zero')
  })
})

describe('errors say where they happened', () => {
  /** The session list with its first `hibernate` bool replaced by 0x2c. */
  function garbledSessions(): Buffer {
    const asleep = replyList(66, SessionInfo, [{ ...SESSION, hibernate: true }, SESSION_2], 16)
    const awake = replyList(66, SessionInfo, [{ ...SESSION, hibernate: false }, SESSION_2], 16)
    const at = asleep.findIndex((b, i) => b !== awake[i])
    const bytes = Buffer.from(asleep)
    bytes[at] = 0x2c
    return bytes
  }

  it('a garbled reply names the server, the request and the negotiated version', async () => {
    const ras = await start({
      script: (req, io) => io.reply(req.code === 65 ? garbledSessions() : replyVoid()),
    })
    const client = await connect(ras, { version: '11.0' })
    await client.authenticateCluster(CLUSTER_UUID)
    const e = await rasFailure(client.listSessions(CLUSTER_UUID), 'protocol')
    const server = `127.0.0.1:${ras.port}`
    expect(e.message).toMatch(
      new RegExp(`^invalid bool 0x2c at offset \\d+ \\(GET_SESSIONS reply from ${server}, service version 11\\.0\\)$`),
    )
    expect({ server: e.server, operation: e.operation, version: e.version }).toEqual({
      server,
      operation: 'GET_SESSIONS',
      version: '11.0',
    })
    // the connection is gone; what comes after still says why
    const after = await rasFailure(client.agentVersion(), 'network')
    expect(after.message).toContain(`GET_SESSIONS reply from ${server}`)
  })

  it('a bad handshake names the server', async () => {
    const ras = await start({ connectAck: hex('05 00') })
    const e = await RasClient.connect(ras.target()).then(
      () => null,
      (err: unknown) => err as RasError,
    )
    expect(e).toBeInstanceOf(RasError)
    expect(e!.kind).toBe('protocol')
    expect(e!.message).toContain(`(handshake with 127.0.0.1:${ras.port})`)
    expect(e!.server).toBe(`127.0.0.1:${ras.port}`)
    expect(e!.operation).toBe('handshake')
  })

  it("the server's own text stays verbatim; the context is in the fields", async () => {
    const { ras, e } = await wrongPassword()
    expect(e.message).toBe(FAILURE_TEXT)
    expect(e).toMatchObject({ server: `127.0.0.1:${ras.port}`, operation: 'AUTHENTICATE', version: '16.0' })
  })
})
