/**
 * ClusterDesk as a user sees it: one page object per screen, and the few flows that cross
 * screens. Specs use these and user-visible expectations only; they never reach into the DOM.
 */
import { expect, type Page } from '@playwright/test'
import { Alerts } from './alerts'
import { Around, SessionSurroundings } from './around'
import { AuditLog } from './audit'
import { Fleet } from './fleet'
import { FindUser } from './find-user'
import { History } from './history'
import { Hotspots, InterruptDialog } from './hotspots'
import { CredentialsPrompt, Infobases, LockPanel, type Credentials } from './locks'
import { Profiles } from './profiles'
import { RuleTerminateDialog } from './rule-terminate'
import { Runbook } from './runbook'
import { Sessions } from './sessions'
import { Shell } from './shell'
import { TerminateDialog, TerminateReport } from './terminate'

export type { Credentials } from './locks'

export class ClusterDesk {
  readonly shell: Shell
  readonly profiles: Profiles
  readonly sessions: Sessions
  readonly infobases: Infobases
  readonly credentials: CredentialsPrompt
  readonly lockPanel: LockPanel
  readonly runbook: Runbook
  readonly terminateDialog: TerminateDialog
  readonly terminateReport: TerminateReport
  readonly ruleTerminate: RuleTerminateDialog
  readonly hotspots: Hotspots
  readonly interruptDialog: InterruptDialog
  readonly findUser: FindUser
  readonly fleet: Fleet
  readonly audit: AuditLog
  readonly history: History
  readonly around: Around
  readonly alerts: Alerts
  readonly surroundings: SessionSurroundings

  constructor(readonly page: Page) {
    this.shell = new Shell(page)
    this.profiles = new Profiles(page)
    this.sessions = new Sessions(page)
    this.infobases = new Infobases(page)
    this.credentials = new CredentialsPrompt(page)
    this.lockPanel = new LockPanel(page)
    this.runbook = new Runbook(page)
    this.terminateDialog = new TerminateDialog(page)
    this.terminateReport = new TerminateReport(page)
    this.ruleTerminate = new RuleTerminateDialog(page)
    this.hotspots = new Hotspots(page)
    this.interruptDialog = new InterruptDialog(page)
    this.findUser = new FindUser(page)
    this.fleet = new Fleet(page)
    this.audit = new AuditLog(page)
    this.history = new History(page)
    this.around = new Around(page)
    this.alerts = new Alerts(page)
    this.surroundings = new SessionSurroundings(page)
  }

  /** Connects a saved profile and waits for its cluster's sessions. */
  async openSessions(profile: string, timeout?: number): Promise<void> {
    await this.profiles.open(profile)
    await this.sessions.waitForRows(timeout)
  }

  /** From the cluster tab, opens an infobase in its own tab and waits for its sessions. */
  async openInfobase(name: string): Promise<void> {
    await this.infobases.open(name)
    await expect(this.shell.tab(name)).toBeVisible()
    await this.sessions.waitForRows()
  }

  /**
   * From the cluster tab, opens an infobase whose server asks for the infobase administrator: the
   * tab shows its sessions at once, nothing asks, and the lock panel says the administrator is
   * needed to show the lock state.
   */
  async openInfobaseNeedingAdmin(infobase: string): Promise<void> {
    await this.infobases.open(infobase)
    await expect(this.shell.tab(infobase)).toBeVisible()
    await expect(this.lockPanel.administratorNeeded).toBeVisible()
    // The infobase's sessions are read (the status line says when), whether it has any or not.
    await expect(this.sessions.statusLine.getByTestId('status-refreshed')).toBeVisible()
    await expect(this.credentials.root).toBeHidden()
  }

  /**
   * Connects the profile, opens an infobase whose server asks for the infobase administrator (see
   * above), enters the administrator from its lock panel and waits until the lock state is read.
   */
  async openInfobaseAsAdmin(profile: string, infobase: string, admin: Credentials): Promise<void> {
    await this.openSessions(profile)
    await this.openInfobaseNeedingAdmin(infobase)
    await this.lockPanel.enterAdministrator(admin)
    await expect(this.lockPanel.state).toHaveAttribute('data-sessions-deny', 'false')
  }
}
