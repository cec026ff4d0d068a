import { readFileSync } from 'node:fs'
import { readSheet } from 'read-excel-file/node'
import type { Download } from '@playwright/test'
import { test, expect } from './fixtures'
import { skewedSessions } from './harness'
import { mainServer } from './worlds'

/** The file behind a download, once the page has finished writing it. */
async function bytesOf(download: Download): Promise<Buffer> {
  expect(await download.failure()).toBeNull()
  return readFileSync((await download.path())!)
}

/** 40 sessions on a "prod" server, with sessions whose clocks run 40 minutes and 174 years ahead. */
const SKEWED_SERVER = mainServer(
  { clusters: 1, infobases: 3, sessions: 40, seed: 3 },
  { label: 'prod', skewedSessions: skewedSessions(0) },
)

test.describe('export', () => {
  test.use({ language: 'ru', harness: SKEWED_SERVER })

  test('CSV and XLSX of the current view', async ({ app, ui }) => {
    const sim = app.sims[0]!
    await ui.openSessions('Main')
    const ib = sim.world.requireCluster().infobases[0]!
    await ui.sessions.search(ib.name)
    const expectedShown = sim.world.sessions().filter((s) => s.infobase === ib.infobase).length
    await expect(ui.sessions.counts).toHaveAttribute('data-shown', String(expectedShown))

    const csvDownload = await ui.sessions.exportCsv()
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/)
    const csv = await bytesOf(csvDownload)
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = csv.toString('utf8').slice(1)
    const lines = text.split('\r\n').filter(Boolean)
    expect(lines.length).toBe(expectedShown + 1)
    expect(lines[0]).toContain('";"')
    expect(lines[0]).toContain('"Пользователь"')
    // A time's header names the server's clock: the file may be opened on another desktop.
    expect(lines[0]).toContain('"Начало работы (время сервера)"')
    for (const line of lines.slice(1)) expect(line).toContain(ib.name)

    const xlsxDownload = await ui.sessions.exportXlsx()
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/)
    const rows = await readSheet(await bytesOf(xlsxDownload))
    expect(rows).toHaveLength(expectedShown + 1)
    expect(rows[0]).toContain('Пользователь')
    for (const row of rows.slice(1)) expect(row).toContain(ib.name)
  })
})

test.describe('copy selected rows', () => {
  test.use({ language: 'ru', permissions: ['clipboard-read', 'clipboard-write'], harness: SKEWED_SERVER })

  test('two selected rows reach the clipboard as tab-separated text with a header', async ({ app, ui }) => {
    const sim = app.sims[0]!
    const grid = ui.sessions
    const picked = ['Щукина Дарья', 'Щукин Павел'].map((userName) =>
      sim.world.addSession(undefined, { userName, appId: '1CV8C' }),
    )
    await ui.openSessions('Main')
    await grid.search('Щукин')
    await expect(grid.counts).toHaveAttribute('data-shown', '2')
    const ids = await grid.visibleSessionIds()
    expect([...ids].sort()).toEqual(picked.map((s) => s.session).sort())
    await grid.select(ids[0]!)
    await grid.addToSelection(ids[1]!)

    await grid.openToolsMenu()
    await expect(grid.copySelectedItem).toBeVisible()
    await expect(grid.copySelectedItem).not.toHaveClass(/disabled/)
    await ui.shell.transitionsDone() // the menu has faded in for the screenshot
    await app.shot('tools-menu-ru')
    await grid.copySelected()

    const readClipboard = () => ui.shell.clipboardText()
    await expect.poll(readClipboard).toMatch(/\n/)
    const copied = (await readClipboard()).trimEnd().split('\n')
    expect(copied).toHaveLength(3)
    const header = copied[0]!.split('\t')
    expect(header[0]).toBe('Пользователь')
    for (const line of copied.slice(1)) expect(line.split('\t')).toHaveLength(header.length)
    expect(
      copied
        .slice(1)
        .map((l) => l.split('\t')[0])
        .sort(),
    ).toEqual(['Щукин Павел', 'Щукина Дарья'])
  })
})

test.describe('export at scale', () => {
  test.use({
    language: 'ru',
    harness: mainServer({ clusters: 1, infobases: 5, sessions: 1200, seed: 21 }, { skewedSessions: skewedSessions(1) }),
  })

  test('1,200 sessions to XLSX: every row in the file, Cyrillic intact', async ({ app, ui }) => {
    const sim = app.sims[0]!
    sim.world.addSession(undefined, { userName: 'Ёлкина Мария Сергеевна', appId: '1CV8C' })
    const total = sim.world.sessions().length
    expect(total).toBeGreaterThan(1000)
    await ui.openSessions('Main')
    await expect(ui.sessions.counts).toHaveAttribute('data-total', String(total))
    await expect(ui.sessions.counts).toHaveAttribute('data-shown', String(total))

    // A large workbook is zipped in a blob: Worker — the page's CSP must allow it.
    const download = await ui.sessions.exportXlsx(30_000)
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const rows = await readSheet(await bytesOf(download))
    expect(rows).toHaveLength(total + 1)
    expect(rows[0]).toContain('Пользователь')
    const user = rows[0]!.indexOf('Пользователь')
    expect(rows.filter((r) => r[user] === 'Ёлкина Мария Сергеевна')).toHaveLength(1)
    const users = new Set(sim.world.sessions().map((s) => s.userName))
    expect(rows.slice(1).every((r) => users.has(String(r[user] ?? '')))).toBe(true)
  })
})
