/**
 * Every form label is tied to its control, so looking a field up by its label finds it: a text
 * input through the label's `for`, a control without an input of its own (a select, a date
 * picker) through its `aria-labelledby`. Looked up the way a user names a field: by the label's text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { en } from '../../src-renderer/src/i18n/en'
import ProfileForm from '../../src-renderer/src/components/profiles/ProfileForm.vue'
import LockFields from '../../src-renderer/src/components/locks/LockFields.vue'
import TerminateDialog from '../../src-renderer/src/components/terminate/TerminateDialog.vue'
import CredentialsPrompt from '../../src-renderer/src/components/shell/CredentialsPrompt.vue'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { simulatedRows } from '../support/renderer-world'
import { profileDto, SERVER_NOW } from './fixtures'
import { openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { flush, mountWithApp, q, typeInto, unmountAll } from './mount'

afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})
stopWorldAfterEach()

/** The element a label names: the `for` target, else the element labelled by the label's id. */
function labelled(text: string): Element | null {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent!.trim() === text)
  expect(label, `a <label> reading "${text}"`).toBeTruthy()
  const target = label!.getAttribute('for')
  if (target) return document.getElementById(target)
  expect(label!.id, `"${text}" has neither for nor id`).not.toBe('')
  const named = document.querySelectorAll(`[aria-labelledby~="${label!.id}"]`)
  expect(named.length, `one control labelled by "${text}"`).toBe(1)
  return named[0]!
}

/** The text input (or textarea) inside the naive-ui field with this test id. */
const inputOf = (testid: string) => q(testid)!.querySelector('input, textarea')

describe('form labels find their controls', () => {
  it('profile form: text inputs by for, selects by aria-labelledby', async () => {
    mountWithApp(ProfileForm, { show: true, profile: null })
    await flush()
    expect(labelled(en.form.name)).toBe(inputOf('form-name'))
    expect(labelled(en.form.host)).toBe(inputOf('form-host'))
    expect(labelled(en.form.port)).toBe(inputOf('form-port'))
    expect(labelled(en.form.user)).toBe(inputOf('form-user'))
    expect(labelled(en.form.password)).toBe(inputOf('form-password'))
    // Filterable: its text input is what takes focus, so that is what the label names.
    expect(labelled(en.form.group)).toBe(inputOf('form-group'))
    expect(labelled(en.form.label)).toBe(q('form-label'))
    expect(labelled(en.form.protection)).toBe(q('form-protection'))
    expect(labelled(en.form.refresh)).toBe(q('form-refresh'))
  })

  it('lock fields: message, permission code, from and to (server time), scheduled jobs', async () => {
    mountWithApp(LockFields, { current: null, serverNow: () => SERVER_NOW, testidPrefix: 'lock' })
    await flush()
    const serverTime = (what: string) => `${what} (${en.app.serverTime})`
    expect(labelled(en.lock.message)).toBe(inputOf('lock-message'))
    expect(labelled(en.lock.permissionCode)).toBe(inputOf('lock-permission-code'))
    expect(labelled(serverTime(en.lock.from))).toBe(q('lock-from'))
    expect(labelled(serverTime(en.lock.to))).toBe(q('lock-to'))
    expect(q('lock-jobs-choice')!.getAttribute('aria-labelledby')).toBeTruthy()
  })

  it('terminate dialog: the message users are shown', async () => {
    const rows = simulatedRows({ sessions: 3, seed: 1 })
    mountWithApp(TerminateDialog, { show: true, profile: profileDto(), mode: 'selected', rows, clusterName: 'c' })
    await flush()
    expect(labelled(en.terminate.message)).toBe(inputOf('terminate-message'))
  })

  it('credentials prompt: user and password', async () => {
    mountWithApp(CredentialsPrompt, { kind: 'credentials' })
    void useUiStore().askInfobaseCredentials('buh', 'admin')
    await flush()
    expect(labelled(en.lock.user)).toBe(inputOf('credentials-user'))
    expect(labelled(en.lock.password)).toBe(inputOf('credentials-password'))
  })

  it('terminate by rule: user mask, infobases, connection types, thresholds, then the message', async () => {
    await startApp({ sessions: 10, profiles: ['prod'] })
    await openProfile('Бухгалтерия')
    q('tools-menu')!.click()
    await settle()
    q('rule-terminate-open')!.click()
    await settle()
    const rule = en.tools.rule
    expect(labelled(rule.userMask)).toBe(inputOf('rule-user-mask'))
    expect(labelled(rule.infobases)).toBe(q('rule-infobases'))
    expect(labelled(rule.appIds)!.querySelector('[data-testid="rule-app"]')).not.toBeNull()
    expect(labelled(rule.idle)).toBe(inputOf('rule-idle'))
    expect(labelled(rule.cpu)).toBe(inputOf('rule-cpu'))
    expect(labelled(rule.memory)).toBe(inputOf('rule-memory'))
    await typeInto('rule-user-mask', '*')
    q('rule-freeze')!.click()
    await settle()
    expect(labelled(rule.message)).toBe(inputOf('rule-message'))
  }, 60_000)

  it('two fields on screen never share an id', async () => {
    // One app, as on screen (useId counts per app).
    const Both = defineComponent(() => () => [
      h(ProfileForm, { show: true, profile: null }),
      h(LockFields, { current: null, serverNow: () => SERVER_NOW, testidPrefix: 'lock' }),
    ])
    mountWithApp(Both)
    await flush()
    const ids = [...document.querySelectorAll('label[for]')].map((l) => l.getAttribute('for'))
    expect(ids.length).toBeGreaterThan(5)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
