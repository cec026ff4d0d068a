import { afterEach, describe, expect, it } from 'vitest'
import { pluralForm, setLocale, tn } from '../../src-renderer/src/i18n'
import { en } from '../../src-renderer/src/i18n/en'
import { ru } from '../../src-renderer/src/i18n/ru'
import { ERROR_CODES } from '../../src-shared/contract'

type Tree = { [k: string]: string | Tree }
function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}
/** The placeholders a message uses, each once (a message with plural forms repeats them). */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
/** A message's plural forms ('1 session | {count} sessions'); one for an ordinary message. */
const formsOf = (s: string) => s.split(' | ')

describe('en / ru messages', () => {
  const e = leaves(en)
  const r = leaves(ru)
  it('have the same keys', () => {
    expect([...r.keys()].sort()).toEqual([...e.keys()].sort())
  })
  it('have no empty strings and the same placeholders per key', () => {
    for (const [k, v] of e) {
      expect(v.trim(), k).not.toBe('')
      expect(r.get(k)!.trim(), k).not.toBe('')
      expect(placeholders(r.get(k)!), k).toEqual(placeholders(v))
    }
  })
  it('have at most the plural forms of their language, each with the same placeholders', () => {
    for (const [tree, most] of [
      [e, 2],
      [r, 3],
    ] as const) {
      for (const [k, v] of tree) {
        const forms = formsOf(v)
        expect(forms.length, k).toBeLessThanOrEqual(most)
        // A stray '|' would split a message vue-i18n shows whole.
        expect(v.split('|').length, k).toBe(forms.length)
        for (const f of forms) expect(placeholders(f), `${k}: ${f}`).toEqual(placeholders(v))
      }
    }
  })
  it('translate every error code of the contract', () => {
    for (const code of ERROR_CODES) {
      expect(e.has(`errors.${code}`), code).toBe(true)
      expect(r.has(`errors.${code}`), code).toBe(true)
    }
  })
  it('are actually Russian in ru', () => {
    expect(r.get('toolbar.terminateAll')).toMatch(/[а-яё]/i)
    expect(r.get('columns.userName')).toBe('Пользователь')
  })
})

describe('plural forms', () => {
  afterEach(() => setLocale('en'))

  it('follow the Russian rule: one, few, many', () => {
    const forms = (ns: number[]) => ns.map((n) => pluralForm('ru', n, 3))
    expect(forms([1, 21, 101, 1001])).toEqual([0, 0, 0, 0])
    expect(forms([2, 3, 4, 22, 34, 1002])).toEqual([1, 1, 1, 1, 1, 1])
    expect(forms([0, 5, 11, 12, 14, 19, 20, 25, 111, 10_000])).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2])
    // Two forms in Russian: one, and the rest (из 1 сеанса, из 2 / 5 сеансов).
    expect([1, 2, 5, 11, 21].map((n) => pluralForm('ru', n, 2))).toEqual([0, 1, 1, 1, 0])
    expect([0, 1, 2, 11, 21].map((n) => pluralForm('en', n, 2))).toEqual([1, 0, 1, 1, 1])
  })

  it('are chosen by the count, in the language shown', () => {
    setLocale('en')
    expect(tn('terminate.titleSelected', 1)).toBe('Terminate 1 session')
    expect(tn('terminate.titleSelected', 2)).toBe('Terminate 2 sessions')
    expect(tn('toolbar.counts', 1, { shown: 0, total: 1 })).toBe('0 of 1 session')
    // The count is shown as given (formatted), the form chosen by the number.
    expect(tn('profiles.sessions', 10_000, { count: '10,000' })).toBe('10,000 sessions')
    setLocale('ru')
    const intro = (n: number) => tn('runbook.terminateIntro', n).replace('База заблокирована. Теперь ', '')
    expect(intro(1)).toBe('1 сеанс в ней получит сообщение и будет завершён.')
    expect(intro(3)).toBe('3 сеанса в ней получат сообщение и будут завершены.')
    expect(intro(11)).toBe('11 сеансов в ней получат сообщение и будут завершены.')
    expect(intro(21)).toBe('21 сеанс в ней получит сообщение и будет завершён.')
    expect(tn('toolbar.counts', 21, { shown: 3, total: 21 })).toBe('3 из 21 сеанса')
    expect(tn('toolbar.counts', 25, { shown: 3, total: 25 })).toBe('3 из 25 сеансов')
    expect(tn('history.sampleCount', 1_442, { count: '1 442' })).toBe('1 442 замера')
    expect([1, 3, 21, 25].map((n) => tn('statusLine.added', n))).toEqual([
      '+1 новый',
      '+3 новых',
      '+21 новый',
      '+25 новых',
    ])
  })
})
