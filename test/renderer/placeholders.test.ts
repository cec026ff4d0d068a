/**
 * Every text field and picker on the main screens says what goes in it in the UI's language:
 * never naive-ui's own "Please Input" / "Ввести", and no Russian example text in the English UI.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { naiveLocales } from '../../src-renderer/src/i18n'
import { en } from '../../src-renderer/src/i18n/en'
import { ru } from '../../src-renderer/src/i18n/ru'
import TerminateDialog from '../../src-renderer/src/components/terminate/TerminateDialog.vue'
import LockDialog from '../../src-renderer/src/components/locks/LockDialog.vue'
import { simulatedRows } from '../support/renderer-world'
import { openProfile, settle, startApp, stopWorldAfterEach } from './app-world'
import { profileDto, SERVER_NOW } from './fixtures'
import { mountWithApp, q, unmountAll } from './mount'

type Locale = 'en' | 'ru'
const LOCALES: Locale[] = ['en', 'ru']

/** naive-ui's built-in placeholders, in both languages (what a field without its own shows). */
const NAIVE_DEFAULTS = new Set(
  Object.values(naiveLocales).flatMap(({ locale }) =>
    [locale.Input, locale.Select, locale.DatePicker].flatMap((part) =>
      Object.entries(part)
        .filter(([k, v]) => /placeholder/i.test(k) && typeof v === 'string')
        .map(([, v]) => v as string),
    ),
  ),
)
const CYRILLIC = /[\u0400-\u04ff]/

/** What every field on screen shows when empty: input attributes and NSelect's placeholder text. */
function shownPlaceholders(): string[] {
  const attrs = [...document.querySelectorAll('input, textarea')].map((el) => el.getAttribute('placeholder') ?? '')
  const selects = [...document.querySelectorAll('.n-base-selection-placeholder')].map((el) => el.textContent!.trim())
  return [...attrs, ...selects]
}

function expectOwnPlaceholders(locale: Locale, where: string) {
  const shown = shownPlaceholders()
  expect(shown.length, where).toBeGreaterThan(0)
  for (const p of shown) {
    expect(NAIVE_DEFAULTS.has(p), `${where}: "${p}" is naive-ui's default`).toBe(false)
    if (locale === 'en') expect(CYRILLIC.test(p), `${where}: "${p}" is Russian in the English UI`).toBe(false)
  }
}

beforeEach(() => localStorage.clear())
stopWorldAfterEach()

describe('placeholders', () => {
  it('the defaults this test looks for are the ones naive-ui prints', () => {
    expect(NAIVE_DEFAULTS).toContain('Please Input')
    expect(NAIVE_DEFAULTS).toContain('Please Select')
    expect(NAIVE_DEFAULTS).toContain('Ввести')
  })

  it('session screen and profile form: own placeholders in both languages', async () => {
    await startApp({ sessions: 5, profiles: ['test'] })
    await openProfile('Тестовый')
    q('profile-add')!.click()
    await settle()
    expect(q('form-name')).not.toBeNull()
    expectOwnPlaceholders('en', 'workspace + profile form, en')
    q('language-ru')!.click()
    await settle()
    expectOwnPlaceholders('ru', 'workspace + profile form, ru')
  }, 60_000)

  for (const locale of LOCALES) {
    it(`terminate and lock dialogs (${locale})`, async () => {
      const rows = simulatedRows({ sessions: 3, seed: 1 })
      const common = { show: true, profile: profileDto() }
      mountWithApp(TerminateDialog, { ...common, mode: 'selected', rows, clusterName: 'c' }, { locale })
      await settle()
      expectOwnPlaceholders(locale, `terminate, ${locale}`)
      unmountAll()
      document.body.innerHTML = ''
      mountWithApp(
        LockDialog,
        { ...common, infobaseName: 'buh', current: null, serverNow: () => SERVER_NOW },
        { locale },
      )
      await settle()
      expectOwnPlaceholders(locale, `lock, ${locale}`)
    })
  }

  it('the Russian search hint is no longer than the English one, so it fits the same box', () => {
    expect(ru.toolbar.search.length).toBeLessThanOrEqual(en.toolbar.search.length)
  })
})
