import { readFileSync } from 'node:fs'
import { test, expect } from './fixtures'
import { ClusterDeskPage } from './pages'
import { skewedSessions, type Harness } from './harness'

const IB_ADMIN = { user: 'Администратор', password: 'ib-pass' }
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
  return { sim, target: target!, targets, bystander, sessions }
}

async function openInfobase(ui: ClusterDeskPage, name: string) {
  await ui.openProfile('Main')
  await ui.waitForRows()
  await ui.byTestId('infobase-item').filter({ hasText: name }).click()
  await expect(ui.tab(name)).toBeVisible()
  const prompt = ui.byTestId('credentials-prompt')
  await expect(prompt).toBeVisible()
  await prompt.locator('[data-testid="credentials-user"] input').fill(IB_ADMIN.user)
  await prompt.locator('[data-testid="credentials-password"] input').fill(IB_ADMIN.password)
  await prompt.locator('[data-testid="credentials-submit"]').click()
  await expect(ui.byTestId('lock-state')).toHaveAttribute('data-sessions-deny', 'false')
}

async function lockStep(ui: ClusterDeskPage, message: string, code: string) {
  await ui.byTestId('runbook-open').click()
  const rb = ui.byTestId('runbook')
  await expect(rb).toBeVisible()
  await expect(rb.locator('[data-testid="runbook-step"][data-step="lock"]')).toHaveAttribute('data-state', 'current')
  await rb.locator('[data-testid="runbook-message"] textarea').fill(message)
  await rb.locator('[data-testid="runbook-permission-code"] input').fill(code)
  await rb.locator('[data-testid="runbook-lock"]').click()
  await expect(rb.locator('[data-testid="runbook-step"][data-step="terminate"]')).toHaveAttribute(
    'data-state',
    'current',
  )
  return rb
}

async function setGrace(ui: ClusterDeskPage, seconds: number) {
  const grace = ui.byTestId('runbook-grace').locator('input')
  await grace.fill(String(seconds))
  await grace.blur()
}

test.describe('lock runbook and audit log', () => {
  test.use({
    harness: {
      simulators: [{ clusters: 1, infobases: 3, sessions: 0, seed: 9, infobaseAdmin: IB_ADMIN }],
      profiles: [{ name: 'Main', sim: 0 }],
      skewedSessions: skewedSessions(SKEWED_INFOBASE),
    },
  })

  test('lock → 2 s countdown → terminate incl. background job → empty → unlock; audit shows it and exports CSV', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const { sim, target, targets, bystander, sessions } = seedSessions(app)
    await openInfobase(ui, target.name)

    const rb = await lockStep(ui, 'Обновление конфигурации', 'KOD-7')
    expect(sim.world.requireCluster().infobases.find((i) => i.infobase === target.infobase)).toMatchObject({
      sessionsDeny: true,
      deniedMessage: 'Обновление конфигурации',
      permissionCode: 'KOD-7',
    })
    await expect(rb.locator('[data-testid="runbook-scope"]')).toHaveAttribute('data-count', '4')
    await expect(rb.locator('[data-testid="runbook-include-service"]')).toHaveAttribute('aria-checked', 'true')

    await rb.locator('[data-testid="runbook-terminate-message"] textarea').fill('Выйдите, пожалуйста: обновление')
    await setGrace(ui, 2)
    await rb.locator('[data-testid="runbook-terminate"]').click()
    const countdown = rb.locator('[data-testid="runbook-countdown"]')
    await expect(countdown).toBeVisible()
    expect(sim.terminated).toEqual([]) // the grace period runs first
    await app.shot('runbook-countdown')

    const done = rb.locator('[data-testid="runbook-done"]')
    await expect(done).toBeVisible({ timeout: 10_000 })
    await expect(rb.locator('[data-testid="runbook-step"][data-step="done"]')).toHaveAttribute('data-state', 'done')
    await expect(done.locator('[data-testid="runbook-terminated"]')).toHaveAttribute('data-count', '4')
    expect(sim.terminated.map((x) => x.session).sort()).toEqual(targets.map((s) => s.session).sort())
    expect(new Set(sim.terminated.map((x) => x.message))).toEqual(new Set(['Выйдите, пожалуйста: обновление']))
    expect(sessions().map((s) => s.session)).toEqual([bystander.session])
    await app.shot('runbook-done')

    await rb.locator('[data-testid="runbook-unlock"]').click()
    await ui.page.locator('[data-testid="dialog-confirm"]').click()
    await expect(done).toHaveAttribute('data-unlocked', 'true')
    expect(sim.world.requireCluster().infobases.find((i) => i.infobase === target.infobase)!.sessionsDeny).toBe(false)
    await rb.locator('[data-testid="runbook-close"]').click()
    await expect(rb).toBeHidden()
    await expect(ui.byTestId('lock-state')).toHaveAttribute('data-sessions-deny', 'false')

    // The audit log: lock, terminate and unlock, newest first.
    await ui.byTestId('audit-open').click()
    const audit = ui.byTestId('audit-view')
    await expect(audit).toBeVisible()
    const rows = audit.locator('[data-testid="audit-row"]')
    await expect(rows).toHaveCount(3)
    expect(await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-action')))).toEqual([
      'unlock',
      'terminate',
      'lock',
    ])
    const term = rows.filter({ has: ui.page.locator('[data-testid="audit-sessions"][data-count="4"]') })
    await expect(term).toHaveCount(1)
    await expect(term).toContainText('Выйдите, пожалуйста: обновление')
    await expect(term).toContainText(target.name)
    await app.shot('audit-view')

    await audit.locator('[data-testid="audit-action-terminate"]').click()
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toHaveAttribute('data-action', 'terminate')
    await audit.locator('[data-testid="audit-action-all"]').click()
    await expect(rows).toHaveCount(3)
    await audit.locator('[data-testid="audit-filter"] input').fill('петрова')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toHaveAttribute('data-action', 'terminate')
    await audit.locator('[data-testid="audit-filter"] input').fill('')
    await expect(rows).toHaveCount(3)

    const [download] = await Promise.all([
      ui.page.waitForEvent('download'),
      audit.locator('[data-testid="audit-export"]').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^clusterdesk-audit-.*\.csv$/)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = bytes.toString('utf8').slice(1)
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe('"Time","Action","Profile","Server","Cluster","Infobase","Sessions","Message","Outcome"')
    expect(lines[2]).toContain('"Terminate"')
    expect(lines[2]).toContain('Иванов Иван')
  })

  test('cancel during the countdown: nothing terminated, the lock is still in effect and can be removed', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const { sim, target, sessions } = seedSessions(app)
    await openInfobase(ui, target.name)

    const rb = await lockStep(ui, 'Работы', 'KOD-1')
    await setGrace(ui, 3)
    await rb.locator('[data-testid="runbook-terminate"]').click()
    const countdown = rb.locator('[data-testid="runbook-countdown"]')
    await expect(countdown).toBeVisible()
    await rb.locator('[data-testid="runbook-cancel"]').click()

    const summary = rb.locator('[data-testid="runbook-summary"]')
    await expect(summary).toBeVisible()
    await expect(summary).toHaveAttribute('data-lock-in-effect', 'true')
    await expect(summary.locator('[data-testid="runbook-summary-terminated"]')).toHaveAttribute('data-count', '0')
    await expect(rb.locator('[data-testid="runbook-unlock"]')).toBeVisible()
    await app.shot('runbook-cancelled')
    await ui.page.waitForTimeout(4000) // past the 3 s grace: a countdown left running would have terminated by now
    expect(sim.terminated).toEqual([])
    expect(sessions()).toHaveLength(5)

    await rb.locator('[data-testid="runbook-close"]').click()
    await expect(rb).toBeHidden()
    await expect(ui.byTestId('lock-state')).toHaveAttribute('data-sessions-deny', 'true')
    expect(sim.world.requireCluster().infobases.find((i) => i.infobase === target.infobase)!.sessionsDeny).toBe(true)
  })

  test('service sessions left out: the wait step shows who is still there; "terminate the rest" empties it', async ({
    app,
  }) => {
    const ui = new ClusterDeskPage(app.page)
    const { sim, target, targets } = seedSessions(app)
    await openInfobase(ui, target.name)

    const rb = await lockStep(ui, 'Закрытие месяца', '')
    await rb.locator('[data-testid="runbook-include-service"]').click()
    await expect(rb.locator('[data-testid="runbook-include-service"]')).toHaveAttribute('aria-checked', 'false')
    await expect(rb.locator('[data-testid="runbook-scope"]')).toHaveAttribute('data-count', '3')
    await setGrace(ui, 0)
    await rb.locator('[data-testid="runbook-terminate"]').click()

    const remaining = rb.locator('[data-testid="runbook-remaining"]')
    await expect(remaining).toHaveAttribute('data-count', '1')
    await expect(rb.locator('[data-testid="runbook-remaining-row"]')).toHaveText([/Регламентные задания/])
    expect(sim.terminated).toHaveLength(3)
    await app.shot('runbook-wait')

    await rb.locator('[data-testid="runbook-terminate-rest"]').click()
    await expect(rb.locator('[data-testid="runbook-done"]')).toBeVisible()
    await expect(rb.locator('[data-testid="runbook-done"] [data-testid="runbook-terminated"]')).toHaveAttribute(
      'data-count',
      '4',
    )
    expect(sim.terminated.map((x) => x.session).sort()).toEqual(targets.map((s) => s.session).sort())
    expect(new Set(sim.terminated.map((x) => x.message))).toEqual(new Set(['Закрытие месяца']))
  })
})
