import { readFileSync } from 'node:fs'
import { test, expect } from './fixtures'
import { skewedSessions, type Harness } from './harness'
import { INFOBASE_ADMIN, mainServer } from './worlds'

/** Infobase 2 holds the sessions whose clocks run ahead; the runbook never touches it. */
const SKEWED_INFOBASE = 2

/** Infobase 0 gets three users and a background job; infobase 1 one user (never touched). */
function seedSessions(app: Harness) {
  const sim = app.sims[0]!
  const cluster = sim.world.requireCluster()
  const [target, other] = cluster.infobases
  const add = (infobase: string, userName: string, appId: string) =>
    sim.world.addSession(undefined, { infobase, userName, appId })
  const targets = [
    add(target!.infobase, 'Иванов Иван', '1CV8C'),
    add(target!.infobase, 'Петрова Анна', '1CV8C'),
    add(target!.infobase, 'Сидоров Пётр', 'WebClient'),
    add(target!.infobase, 'Регламентные задания', 'BackgroundJob'),
  ]
  const bystander = add(other!.infobase, 'Козлов Олег', '1CV8C')
  const skewed = cluster.infobases[SKEWED_INFOBASE]!.infobase
  /** The world's sessions apart from the skewed ones. */
  const sessions = () => sim.world.sessions().filter((s) => s.infobase !== skewed)
  /** The target infobase as the server holds it (its lock fields). */
  const targetRecord = () => sim.world.requireCluster().infobases.find((i) => i.infobase === target!.infobase)!
  return { sim, target: target!, targets, bystander, sessions, targetRecord }
}

test.describe('lock runbook and audit log', () => {
  test.use({
    harness: mainServer(
      { clusters: 1, infobases: 3, sessions: 0, seed: 9, infobaseAdmin: INFOBASE_ADMIN },
      { skewedSessions: skewedSessions(SKEWED_INFOBASE) },
    ),
  })

  test('lock → countdown → terminate incl. background job → empty → unlock; audit shows it and exports CSV', async ({
    app,
    ui,
  }) => {
    const { sim, target, targets, bystander, sessions, targetRecord } = seedSessions(app)
    const rb = ui.runbook
    await ui.openInfobaseAsAdmin('Main', target.name, INFOBASE_ADMIN)

    await ui.lockPanel.openRunbook()
    await expect(rb.root).toBeVisible()
    await rb.lockAndContinue({ message: 'Обновление конфигурации', permissionCode: 'KOD-7' })
    expect(targetRecord()).toMatchObject({
      sessionsDeny: true,
      deniedMessage: 'Обновление конфигурации',
      permissionCode: 'KOD-7',
    })
    await expect(rb.scope).toHaveAttribute('data-count', '4')
    await expect(rb.includeService).toHaveAttribute('aria-checked', 'true')

    await rb.setTerminateMessage('Выйдите, пожалуйста: обновление')
    // 8 s: long enough that a loaded machine still sees the countdown before it ends.
    await rb.setGrace(8)
    await rb.terminate()
    await expect(rb.countdown).toBeVisible()
    expect(sim.terminated).toEqual([]) // the grace period runs first
    await app.shot('runbook-countdown')

    await expect(rb.done).toBeVisible({ timeout: 30_000 })
    await expect(rb.step('done')).toHaveAttribute('data-state', 'done')
    await expect(rb.terminated).toHaveAttribute('data-count', '4')
    expect(sim.terminated.map((x) => x.session).sort()).toEqual(targets.map((s) => s.session).sort())
    expect(new Set(sim.terminated.map((x) => x.message))).toEqual(new Set(['Выйдите, пожалуйста: обновление']))
    expect(sessions().map((s) => s.session)).toEqual([bystander.session])
    await app.shot('runbook-done')

    await rb.unlock()
    await expect(rb.done).toHaveAttribute('data-unlocked', 'true')
    expect(targetRecord().sessionsDeny).toBe(false)
    await rb.close()
    await expect(rb.root).toBeHidden()
    await expect(ui.lockPanel.state).toHaveAttribute('data-sessions-deny', 'false')

    // The audit log: lock, terminate and unlock, newest first.
    const audit = ui.audit
    await audit.open()
    await expect(audit.root).toBeVisible()
    await expect(audit.rows).toHaveCount(3)
    expect(await audit.actions()).toEqual(['unlock', 'terminate', 'lock'])
    const term = audit.rowsWithSessions(4)
    await expect(term).toHaveCount(1)
    await expect(term).toContainText('Выйдите, пожалуйста: обновление')
    await expect(term).toContainText(target.name)
    await app.shot('audit-view')

    await audit.showOnly('terminate')
    await expect(audit.rows).toHaveCount(1)
    await expect(audit.rows.first()).toHaveAttribute('data-action', 'terminate')
    await audit.showOnly('all')
    await expect(audit.rows).toHaveCount(3)
    await audit.filter('петрова')
    await expect(audit.rows).toHaveCount(1)
    await expect(audit.rows.first()).toHaveAttribute('data-action', 'terminate')
    await audit.filter('')
    await expect(audit.rows).toHaveCount(3)

    const download = await audit.exportCsv()
    expect(download.suggestedFilename()).toMatch(/^clusterdesk-audit-.*\.csv$/)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = bytes.toString('utf8').slice(1)
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe(
      '"Time (your clock)","Action","Profile","Server","Cluster","Infobase","Sessions","Message","Outcome"',
    )
    expect(lines[2]).toContain('"Terminate"')
    expect(lines[2]).toContain('Иванов Иван')
  })

  test('cancel during the countdown: nothing terminated, the lock is still in effect and can be removed', async ({
    app,
    ui,
  }) => {
    const { sim, target, sessions, targetRecord } = seedSessions(app)
    const rb = ui.runbook
    await ui.openInfobaseAsAdmin('Main', target.name, INFOBASE_ADMIN)

    await ui.lockPanel.openRunbook()
    await rb.lockAndContinue({ message: 'Работы', permissionCode: 'KOD-1' })
    // Long enough that a loaded machine still sees the countdown before it ends.
    const graceMs = 15_000
    await rb.setGrace(graceMs / 1000)
    const started = Date.now()
    await rb.terminate()
    await expect(rb.countdown).toBeVisible()
    await rb.cancel()

    await expect(rb.summary).toBeVisible()
    await expect(rb.summary).toHaveAttribute('data-lock-in-effect', 'true')
    await expect(rb.summaryTerminated).toHaveAttribute('data-count', '0')
    await expect(rb.unlockButton).toBeVisible()
    await app.shot('runbook-cancelled')
    // Past the grace: a countdown left running would have terminated by now.
    await app.page.waitForTimeout(Math.max(0, started + graceMs + 1000 - Date.now()))
    expect(sim.terminated).toEqual([])
    expect(sessions()).toHaveLength(5)

    await rb.close()
    await expect(rb.root).toBeHidden()
    await expect(ui.lockPanel.state).toHaveAttribute('data-sessions-deny', 'true')
    expect(targetRecord().sessionsDeny).toBe(true)
  })

  test('service sessions left out: the wait step shows who is still there; "terminate the rest" empties it', async ({
    app,
    ui,
  }) => {
    const { sim, target, targets } = seedSessions(app)
    const rb = ui.runbook
    await ui.openInfobaseAsAdmin('Main', target.name, INFOBASE_ADMIN)

    await ui.lockPanel.openRunbook()
    await rb.lockAndContinue({ message: 'Закрытие месяца', permissionCode: '' })
    await rb.toggleIncludeService()
    await expect(rb.includeService).toHaveAttribute('aria-checked', 'false')
    await expect(rb.scope).toHaveAttribute('data-count', '3')
    await rb.setGrace(0)
    await rb.terminate()

    await expect(rb.remaining).toHaveAttribute('data-count', '1')
    await expect(rb.remainingRows).toHaveText([/Регламентные задания/])
    expect(sim.terminated).toHaveLength(3)
    await app.shot('runbook-wait')

    await rb.terminateRest()
    await expect(rb.done).toBeVisible()
    await expect(rb.terminated).toHaveAttribute('data-count', '4')
    expect(sim.terminated.map((x) => x.session).sort()).toEqual(targets.map((s) => s.session).sort())
    expect(new Set(sim.terminated.map((x) => x.message))).toEqual(new Set(['Закрытие месяца']))
  })
})
