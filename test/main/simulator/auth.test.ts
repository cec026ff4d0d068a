/** Authentication as a real `ras` does it (docs/protocol.md §3.5, §11.5): per endpoint, with the real texts. */
import { describe, expect, it } from 'vitest'
import { rasFailure } from '../../support/ras-failures'
import { simulatorPerTest } from '../../support/simulator-per-test'

const ADMIN = { user: 'admin', password: 'secret' }
const IB_ADMIN = { user: 'Администратор', password: 'пароль' }
const AUTH_FAILED = 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'

const simulator = simulatorPerTest({ sessions: 30, live: false }, { requestTimeoutMs: 2000 })
const { connect } = simulator

describe('cluster administrator', () => {
  it('accepts the right credentials', async () => {
    const { client, cluster } = await connect({ clusterAdmin: ADMIN })
    await client.authenticateCluster(cluster, ADMIN.user, ADMIN.password)
    expect(await client.listSessions(cluster)).toHaveLength(30)
  })

  it('rejects a wrong password with #Failure and the real two-line message', async () => {
    const { client, cluster } = await connect({ clusterAdmin: ADMIN })
    const e = await rasFailure(client.authenticateCluster(cluster, ADMIN.user, 'wrong'))
    expect(e.kind).toBe('auth')
    expect(e.serverClass).toBe('v8.service.Admin.Cluster#Failure')
    expect(e.serverMessage).toBe(AUTH_FAILED)
    // The connection stays usable, and still unauthenticated.
    const rights = await rasFailure(client.listSessions(cluster))
    expect(rights.kind).toBe('rights')
    expect(rights.serverClass).toBe('v8.service.Admin.Cluster#Rights')
  })

  it('refuses cluster requests before AUTHENTICATE with #Rights', async () => {
    const { client, cluster } = await connect({ clusterAdmin: ADMIN })
    expect((await rasFailure(client.listInfobases(cluster))).kind).toBe('rights')
    // Cluster list and cluster info need no auth (like rac).
    expect(await client.listClusters()).toHaveLength(1)
    expect((await client.getCluster(cluster)).cluster).toBe(cluster)
  })

  it('accepts empty credentials when the cluster has no administrators', async () => {
    const { client, cluster } = await connect()
    await client.authenticateCluster(cluster)
    expect(await client.listClusterAdmins(cluster)).toEqual([])
  })

  it('lists its administrators with a masked password', async () => {
    const { client, cluster } = await connect({ clusterAdmin: ADMIN })
    await client.authenticateCluster(cluster, ADMIN.user, ADMIN.password)
    const [admin] = await client.listClusterAdmins(cluster)
    expect(admin).toMatchObject({ name: 'admin', password: '\uFFFD', passwordAuthAllowed: true })
  })

  it('keeps auth per connection: a second connection starts unauthenticated', async () => {
    const first = await connect({ clusterAdmin: ADMIN })
    await first.client.authenticateCluster(first.cluster, ADMIN.user, ADMIN.password)
    const second = await connect()
    expect((await rasFailure(second.client.listSessions(second.cluster))).kind).toBe('rights')
  })

  it('answers an unknown cluster with #ClusterNotFound', async () => {
    const { client } = await connect({ clusterAdmin: ADMIN })
    const e = await rasFailure(client.authenticateCluster('00000000-0000-0000-0000-00000000abcd', 'admin', 'secret'))
    expect(e.kind).toBe('not-found')
    expect(e.notFound).toBe('cluster')
    expect(e.serverMessage).toBe('Кластер с указанным идентификатором не найден')
  })
})

describe('infobase administrator', () => {
  it('is required to read infobase settings', async () => {
    const { client, cluster } = await connect({ clusterAdmin: ADMIN, infobaseAdmin: IB_ADMIN })
    await client.authenticateCluster(cluster, ADMIN.user, ADMIN.password)
    const ib = simulator.sim.world.infobaseByName('buh_corp')
    const e = await rasFailure(client.getInfobase(cluster, ib.infobase))
    expect(e.kind).toBe('rights')
    expect(e.serverMessage).toBe('Недостаточно прав пользователя на информационную базу buh_corp')

    await client.authenticateInfobase(cluster, IB_ADMIN.user, 'wrong') // VOID: checked on use
    expect((await rasFailure(client.getInfobase(cluster, ib.infobase))).kind).toBe('rights')

    await client.authenticateInfobase(cluster, IB_ADMIN.user, IB_ADMIN.password)
    expect((await client.getInfobase(cluster, ib.infobase)).name).toBe('buh_corp')
  })

  it('is required to update infobase settings', async () => {
    const { client, cluster } = await connect({ infobaseAdmin: IB_ADMIN })
    await client.authenticateCluster(cluster)
    await client.authenticateInfobase(cluster, IB_ADMIN.user, IB_ADMIN.password)
    const ib = simulator.sim.world.infobaseByName('erp')
    const info = await client.getInfobase(cluster, ib.infobase)
    const other = await connect()
    await other.client.authenticateCluster(cluster)
    const e = await rasFailure(other.client.updateInfobase(cluster, { ...info, sessionsDeny: true }))
    expect(e.kind).toBe('rights')
    expect(ib.sessionsDeny).toBe(false)
  })

  it('is not asked for when none is configured', async () => {
    const { client, cluster } = await connect()
    await client.authenticateCluster(cluster)
    const ib = simulator.sim.world.infobaseByName('ut11')
    expect((await client.getInfobase(cluster, ib.infobase)).dbName).toBe('ut11')
  })
})
