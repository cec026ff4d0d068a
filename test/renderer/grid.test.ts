import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import type { SessionRow } from '../../src-shared/contract'
import SessionGrid from '../../src-renderer/src/grid/SessionGrid.vue'
import { searchKey } from '../../src-renderer/src/format/search'
import { buildGridColumns } from '../../src-renderer/src/grid/build-columns'
import { defaultLayout, normalizeLayout, togglePin } from '../../src-renderer/src/grid/layout'
import { usePreferencesStore } from '../../src-renderer/src/stores/preferences'
import { simulatedRows } from '../support/renderer-world'
import { flush, mountWithApp, q, qa, unmountAll } from './mount'

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
    const header = document.querySelector('[data-testid=session-grid] [role=rowgroup]')!.textContent!
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
    const th = [...document.querySelectorAll<HTMLElement>('[data-testid=session-grid] [role=columnheader]')].find(
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

const gridEl = () => q('session-grid')!
const press = async (key: string, init: KeyboardEventInit = {}) => {
  gridEl().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  await settle()
}
const headerCell = (key: string) => document.querySelector<HTMLElement>(`[role=columnheader][data-col-key="${key}"]`)!
const bodyCell = (tr: HTMLElement, key: string) => tr.querySelector<HTMLElement>(`[data-col-key="${key}"]`)!

describe('SessionGrid: pinned columns and density', () => {
  it('pins the user by default, fixed at the left right after the actions; more pins come first', () => {
    const build = (layout = defaultLayout()) =>
      buildGridColumns({
        layout,
        hidden: [],
        density: 'comfortable',
        t: (k) => k,
      })
    const leaves = (g: ReturnType<typeof build>) =>
      g.columns.map((c) => [(c as { key: string }).key, 'fixed' in c ? c.fixed : undefined] as const).slice(0, 3)
    expect(leaves(build())).toEqual([
      ['__actions', 'left'],
      ['userName', 'left'],
      ['infobaseName', undefined],
    ])
    const more = togglePin(togglePin(defaultLayout(), 'sessionId', true), 'infobaseName', true)
    expect(leaves(build(more))).toEqual([
      ['__actions', 'left'],
      ['userName', 'left'],
      ['infobaseName', 'left'],
    ])
    expect((build(more).columns[3] as { key: string }).key).toBe('sessionId')
    expect(build(more).pinnedWidth).toBe(36 + 190 + 160 + 80)
    // Only identity columns pin.
    expect(togglePin(defaultLayout(), 'memory', true).pinned).toEqual(['userName'])
  })

  it('a layout saved before pins existed still loads, with the user pinned', async () => {
    localStorage.setItem(
      'clusterdesk.columns',
      JSON.stringify({
        order: ['sessionId', 'userName', 'memory'],
        visible: ['sessionId', 'userName', 'memory'],
        widths: {},
      }),
    )
    expect(normalizeLayout(JSON.parse(localStorage.getItem('clusterdesk.columns')!)).pinned).toEqual(['userName'])
    mountWithApp(Harness)
    await settle()
    const ths = [...document.querySelectorAll<HTMLElement>('[role=columnheader][data-col-key]')].map(
      (th) => th.dataset.colKey,
    )
    expect(ths.slice(0, 3)).toEqual(['__actions', 'userName', 'sessionId'])
    // Pinned: sticky at the left, right after the ⋯ column; the next column scrolls.
    expect(headerCell('userName').className).toContain('cd-fixed')
    expect(headerCell('userName').style.left).toBe('36px')
    expect(bodyCell(shown()[0]!, 'userName').className).toContain('cd-fixed')
    expect(bodyCell(shown()[0]!, 'userName').style.left).toBe('36px')
    expect(bodyCell(shown()[0]!, 'sessionId').className).not.toContain('cd-fixed')
    expect(bodyCell(shown()[0]!, 'sessionId').style.left).toBe('')
  }, 60_000)

  it('compact density switches the class and the height of the virtual rows', async () => {
    mountWithApp(Harness)
    await settle()
    expect(gridEl().className).toContain('cd-density-comfortable')
    expect(shown()[0]!.style.height).toBe('29px')
    const comfortableRows = shown().length
    usePreferencesStore().setDensity('compact')
    await settle()
    expect(gridEl().className).toContain('cd-density-compact')
    expect(shown()[0]!.style.height).toBe('22px')
    expect(shown().length).toBeGreaterThan(comfortableRows)
    expect(localStorage.getItem('clusterdesk.density')).toBe('"compact"')
  }, 60_000)
})

describe('SessionGrid: ARIA grid and keyboard', () => {
  it('is a grid of rows and gridcells whose aria-colindex matches a columnheader', async () => {
    mountWithApp(Harness)
    await settle()
    const grid = gridEl()
    expect(grid.getAttribute('role')).toBe('grid')
    expect(grid.getAttribute('aria-multiselectable')).toBe('true')
    expect(grid.getAttribute('aria-rowcount')).toBe(String(rows.length + 2))
    // Header and body are the grid's two row groups; every row is in one of them.
    const groups = [...grid.querySelectorAll('[role=rowgroup]')]
    expect(groups).toHaveLength(2)
    for (const row of grid.querySelectorAll('[role=row]')) expect(groups).toContain(row.parentElement)
    const tr = shown()[0]!
    expect(tr.getAttribute('role')).toBe('row')
    expect(tr.getAttribute('aria-rowindex')).toBe('3')
    expect(tr.getAttribute('aria-selected')).toBe('false')
    const cells = [...tr.querySelectorAll<HTMLElement>('[role=gridcell]')]
    expect(cells.length).toBeGreaterThan(10)
    const headers = new Map(
      [...grid.querySelectorAll<HTMLElement>('[role=columnheader]')].map((th) => [
        th.getAttribute('aria-colindex'),
        th,
      ]),
    )
    for (const cell of cells) {
      const th = headers.get(cell.getAttribute('aria-colindex'))
      expect(th, cell.dataset.colKey).toBeDefined()
      if (!cell.dataset.colKey!.startsWith('__')) expect(th!.dataset.colKey).toBe(cell.dataset.colKey)
    }
    expect(headerCell('sessionId').getAttribute('aria-sort')).toBe('none')
    expect(headerCell('group:cpuTime').getAttribute('aria-colspan')).toBe('3')
    headerCell('sessionId').click()
    await settle()
    expect(headerCell('sessionId').getAttribute('aria-sort')).toBe('descending')
    expect(q('row-actions')!.getAttribute('aria-label')).toMatch(/^Actions for session \d+/)
  }, 60_000)

  it('arrows move the focused row, Space selects, Shift+arrow extends, Esc clears, Shift+F10 opens the menu', async () => {
    mountWithApp(Harness)
    await settle()
    await press('ArrowDown')
    await press('ArrowDown')
    const focusedId = gridEl().getAttribute('aria-activedescendant')!
    expect(document.getElementById(focusedId)!.dataset.session).toBe(ids()[1])
    expect(document.getElementById(focusedId)!.className).toContain('cd-row-focused')
    await press(' ')
    expect([...selected.value]).toEqual([ids()[1]])
    expect(shown()[1]!.getAttribute('aria-selected')).toBe('true')
    await press('ArrowDown', { shiftKey: true })
    await press('ArrowDown', { shiftKey: true })
    expect([...selected.value].sort()).toEqual(ids().slice(1, 4).sort())
    await press('Enter')
    expect(selected.value.has(ids()[3]!)).toBe(false)
    await press('Escape')
    expect(selected.value.size).toBe(0)
    await press('F10', { shiftKey: true })
    expect(q('row-menu-terminate')).not.toBeNull()
  }, 60_000)

  it('sortable headers are one tab stop: arrows move between them, Enter and Space sort, no row is selected', async () => {
    mountWithApp(Harness)
    await settle()
    const stops = () => [...document.querySelectorAll<HTMLElement>('[role=columnheader][tabindex="0"]')]
    expect(stops().length).toBe(1)
    const first = stops()[0]!
    const keyOn = async (el: HTMLElement, key: string) => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
      await settle()
    }
    await keyOn(first, 'ArrowRight')
    const second = stops()[0]!
    expect(second).not.toBe(first)
    expect(document.activeElement).toBe(second)
    await keyOn(second, 'Enter')
    expect(headerCell(second.dataset.colKey!).getAttribute('aria-sort')).toBe('descending')
    await keyOn(headerCell(second.dataset.colKey!), ' ')
    expect(headerCell(second.dataset.colKey!).getAttribute('aria-sort')).toBe('ascending')
    expect(selected.value.size).toBe(0) // Space on a header sorts; it selects no row
  }, 60_000)
})

describe('SessionGrid: resizing, tooltips, columns in view', () => {
  it("dragging a header's edge resizes the column as the pointer moves and stores the width on release", async () => {
    mountWithApp(Harness)
    await settle()
    const handle = headerCell('sessionId').querySelector<HTMLElement>('.cd-resize')!
    const pointer = (type: string, clientX: number) =>
      handle.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX, button: 0, pointerId: 1 }))
    pointer('pointerdown', 100)
    pointer('pointermove', 160)
    await settle()
    expect(headerCell('sessionId').style.width).toBe('140px')
    expect(bodyCell(shown()[0]!, 'sessionId').style.width).toBe('140px')
    expect(usePreferencesStore().columns?.widths.sessionId).toBeUndefined() // not stored while dragging
    pointer('pointerup', 170)
    await settle()
    expect(usePreferencesStore().columns?.widths.sessionId).toBe(150)
    expect(headerCell('sessionId').getAttribute('aria-sort')).toBe('none') // the drag sorted nothing
  }, 60_000)

  it('a cell gets its tooltip when the pointer enters it', async () => {
    mountWithApp(Harness)
    await settle()
    const cell = bodyCell(shown()[0]!, 'userName')
    expect(cell.hasAttribute('title')).toBe(false)
    cell.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))
    expect(cell.title).toBe(rows[0]!.userName)
    // A connection type's whole label, which the column may cut, with the id the server sent.
    const type = bodyCell(shown()[0]!, 'connectionType')
    type.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))
    expect(type.textContent).not.toBe(rows[0]!.appId)
    expect(type.title).toBe(`${type.textContent} (${rows[0]!.appId})`)
  }, 60_000)
})
