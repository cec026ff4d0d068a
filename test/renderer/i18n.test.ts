import { describe, expect, it } from 'vitest'
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
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

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
