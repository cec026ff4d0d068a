/**
 * Every fault mode (docs/protocol.md §11.10), seen by the real client: latency, split writes, stall
 * (client timeout), drop (network error), garbage (protocol error), refuse, keep-alive (ignored).
 */
import { describe, expect, it } from 'vitest'
import { RasClient } from '../../../src-main/ras/client'
import { Messages } from '../../../src-main/ras/messages'
import { encodeEndpointOpen } from '../../../src-main/ras/frames'
import { rasFailure } from '../../support/ras-failures'
import { RawSwpSocket } from '../../support/sim-raw'
import { simulatorPerTest } from '../../support/simulator-per-test'

const REQUEST_TIMEOUT_MS = 500

const simulator = simulatorPerTest(
  { sessions: 60, live: false },
  { requestTimeoutMs: REQUEST_TIMEOUT_MS, connectTimeoutMs: REQUEST_TIMEOUT_MS },
)
const { connect } = simulator

describe('fault modes', () => {
  it('latency delays every reply', async () => {
    const { client, cluster } = await connect({ faults: { latencyMs: 80 } })
    const started = performance.now()
    await client.authenticateCluster(cluster)
    await client.listSessions(cluster)
    expect(performance.now() - started).toBeGreaterThanOrEqual(150)
  })

  it('split writes: replies arrive in many small pieces and still decode', async () => {
    const { client, cluster } = await connect({ faults: { splitWrites: 3 } })
    await client.authenticateCluster(cluster)
    expect(await client.listInfobases(cluster)).toHaveLength(8)
    expect((await client.getSession(cluster, simulator.sim.world.sessions()[0]!.session)).sessionId).toBe(1)

    const raw = await RawSwpSocket.connect(simulator.sim.port)
    await raw.handshake()
    raw.send(encodeEndpointOpen('v8.service.Admin.Cluster', '16.0'))
    const chunksBefore = raw.chunks
    await raw.next()
    expect(raw.chunks - chunksBefore).toBeGreaterThan(5) // a 34-byte ack in 3-byte writes
    raw.destroy()
  })

  it('split writes of one byte work for a whole session list', async () => {
    const { client, cluster } = await connect({ sessions: 3, faults: { splitWrites: 1 } })
    await client.authenticateCluster(cluster)
    expect(await client.listSessions(cluster)).toHaveLength(3)
  })

  it('stall: the client times out', async () => {
    const { client, cluster } = await connect({ faults: { stallAfterRequests: 1 } })
    await client.authenticateCluster(cluster) // request 1 is answered
    const e = await rasFailure(client.listSessions(cluster))
    expect(e.kind).toBe('timeout')
  })

  it('drop: the socket dies in the middle of a reply and the client reports a network error', async () => {
    const { client, cluster } = await connect({ faults: { dropAfterRequests: 1 } })
    await client.authenticateCluster(cluster)
    const e = await rasFailure(client.listSessions(cluster))
    expect(e.kind).toBe('network')
  })

  it('garbage: the client reports a protocol error', async () => {
    const { client, cluster } = await connect()
    await client.authenticateCluster(cluster)
    simulator.sim.faults.garbage = true // flipped at run time
    const e = await rasFailure(client.listSessions(cluster))
    expect(e.kind).toBe('protocol')
    // From the start, even the handshake is garbage.
    const connecting = await rasFailure(RasClient.connect({ host: simulator.sim.host, port: simulator.sim.port }))
    expect(connecting.kind).toBe('protocol')
  })

  it('refuse: connections are accepted and closed at once', async () => {
    const sim = await simulator.start({ sessions: 1, faults: { refuseConnections: true } })
    const e = await rasFailure(
      RasClient.connect({ host: sim.host, port: sim.port, connectTimeoutMs: REQUEST_TIMEOUT_MS }),
    )
    expect(e.kind).toBe('network')
    sim.faults.refuseConnections = false
    const { client } = await connect()
    expect(await client.listClusters()).toHaveLength(1)
  })

  it('keep-alive packets before every reply are ignored by the client', async () => {
    const { client, cluster } = await connect({ faults: { keepAliveBetweenReplies: true } })
    await client.authenticateCluster(cluster)
    expect(await client.listSessions(cluster)).toHaveLength(60)
    expect(await client.agentVersion()).toBe('8.5.1.1150')

    const raw = await RawSwpSocket.connect(simulator.sim.port)
    expect((await raw.handshake()).type).toBe(16) // KEEP_ALIVE first, then CONNECT_ACK
    expect((await raw.next()).type).toBe(2)
    raw.destroy()
  })

  it('oversize length: the client refuses a 2 GiB packet with a protocol error', async () => {
    const { client, cluster } = await connect()
    await client.authenticateCluster(cluster)
    simulator.sim.faults.oversizeLength = true
    const e = await rasFailure(client.listSessions(cluster))
    expect(e.kind).toBe('protocol')
    expect(e.message).toMatch(/exceeds/)
  })

  it('stall counts requests per connection: a new connection is answered again', async () => {
    const first = await connect({ faults: { stallAfterRequests: 2 } })
    await first.client.authenticateCluster(first.cluster)
    await first.client.connection.call(Messages.clusters, {})
    const second = await connect()
    await second.client.authenticateCluster(second.cluster)
    expect(await second.client.listInfobases(second.cluster)).toHaveLength(8)
  })
})
