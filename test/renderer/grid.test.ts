import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import type { SessionRow } from '../../src-shared/contract'
import SessionGrid from '../../src-renderer/src/grid/SessionGrid.vue'
import { searchKey } from '../../src-renderer/src/format/search'
import { simulatedRows } from '../support/renderer-world'
import { flush, mountWithApp, qa, unmountAll } from './mount'

let rows: SessionRow[]
const selected = shallowRef<ReadonlySet<string>>(new Set())
const query = shallowRef('')

const Harness = defineComponent({
  setup() {
    return () =>
      h(SessionGrid, {
        rows,
        keys: rows.map(searchKey),
        query: query.value,
        selected: selected.value,
        'onUpdate:selected': (s: ReadonlySet<string>) => (selected.value = s),
      })
  },
})

async function settle() {
  for (let i = 0; i < 5; i++) {
    await flush()
    await nextTick()
  }
}

const shown = () => qa('session-row')
const ids = () => shown().map((tr) => tr.dataset.session!)
const click = async (tr: HTMLElement, mods: MouseEventInit = {}) => {
  tr.dispatchEvent(new MouseEvent('click', { bubbles: true, ...mods }))
  await settle()
}

beforeEach(async () => {
  localStorage.clear()
  rows = simulatedRows({ sessions: 2000, seed: 3 })
  selected.value = new Set()
  query.value = ''
})
afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})

describe('SessionGrid', () => {
  it('renders only a window of 10,000 rows (virtual scroll)', async () => {
    rows = simulatedRows({ sessions: 10_000, seed: 3 })
    mountWithApp(Harness)
    await settle()
    const n = shown().length
    expect(n).toBeGreaterThan(5)
    expect(n).toBeLessThan(100)
    expect(ids()[0]).toBe(rows[0]!.session)
  }, 60_000)

  it('shows grouped headers and human units', async () => {
    mountWithApp(Harness)
    await settle()
    const header = document.querySelector('[data-testid=session-grid] thead')!.textContent!
    expect(header).toContain('CPU time')
    expect(header).toContain('current')
    expect(header).toContain('5 min')
    expect(header).toContain('total')
    expect(header).toContain('server time')
    const firstRow = shown()[0]!.textContent!
    expect(firstRow).toMatch(/\d (B|KB|MB|GB)/)
    expect(firstRow).toMatch(/\d s/)
  }, 60_000)

  it('filters as the search query changes', async () => {
    mountWithApp(Harness)
    await settle()
    const target = rows.find((r) => r.userName.startsWith('Фёдоров'))!
    query.value = 'федоров'
    await settle()
    const visible = shown().map((tr) => tr.textContent!)
    expect(visible.length).toBeGreaterThan(0)
    expect(visible.every((t) => t.includes('Фёдоров'))).toBe(true)
    query.value = target.clientIp || target.host
    await settle()
    expect(ids()).toContain(target.session)
    query.value = 'no-such-user-xyz'
    await settle()
    expect(shown()).toHaveLength(0)
  }, 60_000)

  it('sorts by a column when its header is clicked (descending first, as naive-ui does)', async () => {
    mountWithApp(Harness)
    await settle()
    const th = [...document.querySelectorAll<HTMLElement>('[data-testid=session-grid] th')].find(
      (x) => x.textContent?.trim() === 'Session',
    )!
    th.click()
    await settle()
    const num = (tr: HTMLElement) =>
      Number(tr.querySelector('[data-col-key="sessionId"]')!.textContent!.replace(/\D/g, ''))
    expect(shown().map(num).slice(0, 3)).toEqual([2000, 1999, 1998])
    th.click()
    await settle()
    expect(shown().map(num).slice(0, 3)).toEqual([1, 2, 3])
  }, 60_000)

  it('selects with click, Ctrl+click and Shift+click; Ctrl+A selects the visible rows', async () => {
    mountWithApp(Harness)
    await settle()
    const r = shown()
    await click(r[1]!)
    expect([...selected.value]).toEqual([ids()[1]])
    await click(shown()[4]!, { shiftKey: true })
    expect([...selected.value].sort()).toEqual(ids().slice(1, 5).sort())
    await click(shown()[2]!, { ctrlKey: true })
    expect(selected.value.has(ids()[2]!)).toBe(false)
    expect(selected.value.size).toBe(3)
    await click(shown()[7]!)
    expect([...selected.value]).toEqual([ids()[7]])
    expect(shown()[7]!.dataset.selected).toBe('true')

    query.value = 'федоров'
    await settle()
    const grid = document.querySelector<HTMLElement>('[data-testid=session-grid]')!
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true }))
    await settle()
    const expected = rows.filter((x) => x.userName.startsWith('Фёдоров')).length
    expect(selected.value.size).toBe(expected)
    expect(expected).toBeLessThan(rows.length)
  }, 60_000)
})
