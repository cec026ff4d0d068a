import { afterEach, describe, expect, it } from 'vitest'
import type { ProfileDto } from '../../src-shared/contract'
import CredentialsPrompt from '../../src-renderer/src/components/shell/CredentialsPrompt.vue'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { flush, mountWithApp, q, typeInto, unmountAll } from './mount'

const profile = { id: 'p1', name: 'Склад (прод)' } as ProfileDto

afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})

function press(testid: string, key: string) {
  const input = q(testid)!.querySelector('input')!
  input.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true }))
}

describe('CredentialsPrompt', () => {
  it('password: names the profile, asks no user, and Enter answers with what was typed', async () => {
    mountWithApp(CredentialsPrompt, { kind: 'password' })
    const ui = useUiStore()
    const answer = ui.askPassword(profile)
    await flush()
    expect(q('password-prompt')!.textContent).toContain('Склад (прод)')
    expect(q('credentials-user')).toBeNull()
    expect(q('credentials-remember')).toBeNull()
    await typeInto('password-input', 's3cret')
    press('password-input', 'Enter')
    expect(await answer).toBe('s3cret')
    expect(ui.passwordPrompt).toBeNull()
  })

  it('infobase credentials: prefills the user, answers user, password and "remember"; cancel answers null', async () => {
    mountWithApp(CredentialsPrompt, { kind: 'credentials' })
    const ui = useUiStore()
    const first = ui.askInfobaseCredentials('buh_prod', 'Админ')
    await flush()
    expect(q('credentials-prompt')!.textContent).toContain('buh_prod')
    expect(q('credentials-user')!.querySelector('input')!.value).toBe('Админ')
    await typeInto('credentials-password', 'pw')
    q('credentials-remember')!.click()
    await flush()
    q('credentials-submit')!.click()
    expect(await first).toEqual({ user: 'Админ', password: 'pw', remember: true })

    const second = ui.askInfobaseCredentials('zup', '')
    await flush()
    expect(q('credentials-password')!.querySelector('input')!.value).toBe('') // nothing left from before
    q('dialog-cancel')!.click()
    expect(await second).toBeNull()
  })

  it('a newer question answers the pending one with null', async () => {
    mountWithApp(CredentialsPrompt, { kind: 'credentials' })
    const ui = useUiStore()
    const older = ui.askInfobaseCredentials('buh_prod')
    const newer = ui.askInfobaseCredentials('zup')
    expect(await older).toBeNull()
    await flush()
    expect(q('credentials-prompt')!.textContent).toContain('zup')
    q('credentials-submit')!.click()
    expect(await newer).toEqual({ user: '', password: '', remember: false })
  })
})
