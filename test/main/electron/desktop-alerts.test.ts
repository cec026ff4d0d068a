/**
 * The desktop side of the watch (issue 19) with a stand-in `electron` module (no Electron binary
 * here): a toast per fired alert in the UI language — one for several fired together — none for an
 * all-clear; the tray's colour is the worst open alert; a toast's click brings the window back and
 * opens the alert (the notification centre for several); minimising hides the window to the tray.
 * Fake timers only move the clock past the burst window (src-shared/alert-burst.ts).
 */
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BURST_MS } from '../../../src-shared/alert-burst'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { LEVEL_RGB, TRAY_ICON_SIZE, trayBitmap } from '../../../src-main/electron/tray-icon'

const electron = vi.hoisted(() => ({
  supported: true,
  toasts: [] as Array<{
    options: { title: string; body: string; silent: boolean }
    shown: boolean
    emitter: EventEmitter
  }>,
  trays: [] as Array<{
    images: Buffer[]
    tooltips: string[]
    menus: Array<Array<{ label?: string; click?: () => void }>>
    emitter: EventEmitter
  }>,
}))

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  class Notification extends EventEmitter {
    static isSupported = () => electron.supported
    constructor(readonly options: { title: string; body: string; silent: boolean }) {
      super()
      electron.toasts.push({ options, shown: false, emitter: this })
    }
    show() {
      electron.toasts.find((t) => t.emitter === this)!.shown = true
    }
  }
  class Tray extends EventEmitter {
    rec = {
      images: [] as Buffer[],
      tooltips: [] as string[],
      menus: [] as Array<Array<{ label?: string }>>,
      emitter: this,
    }
    constructor(image: { bitmap: Buffer }) {
      super()
      this.rec.images.push(image.bitmap)
      electron.trays.push(this.rec)
    }
    setImage(image: { bitmap: Buffer }) {
      this.rec.images.push(image.bitmap)
    }
    setToolTip(text: string) {
      this.rec.tooltips.push(text)
    }
    setContextMenu(menu: Array<{ label?: string }>) {
      this.rec.menus.push(menu)
    }
    destroy() {}
  }
  return {
    Notification,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromBitmap: (bitmap: Buffer) => ({ bitmap }) },
  }
})

const { DesktopAlerts } = await import('../../../src-main/electron/desktop-alerts')

const alert = (over: Partial<WatchAlert> = {}): WatchAlert => ({
  id: 'p|c|blocked:s1|1000',
  rule: 'blocked',
  severity: 'critical',
  state: 'fired',
  profileId: 'p',
  cluster: 'c',
  since: 1000,
  at: 31_000,
  value: 30,
  threshold: 30,
  subject: { session: 's1', sessionId: 12, userName: 'Иванов И.И.', infobaseName: 'buh', blockedBy: 7 },
  ...over,
})

/** The RGB of the icon's centre pixel (BGRA bitmap). */
const centre = (bitmap: Buffer) => {
  const i = ((TRAY_ICON_SIZE / 2) * TRAY_ICON_SIZE + TRAY_ICON_SIZE / 2) * 4
  return [bitmap[i + 2], bitmap[i + 1], bitmap[i]]
}

let language: 'ru' | 'en' = 'ru'
const host = { shown: 0, opened: [] as WatchAlert[], quit: 0, centre: 0 }
function make() {
  return new DesktopAlerts({
    window: () => null,
    language: () => language,
    show: () => void host.shown++,
    quit: () => void host.quit++,
    openAlert: (a) => void host.opened.push(a),
    showAlerts: () => void host.centre++,
  })
}

/** The burst window closes: what fired within it is told. */
const burstEnds = () => vi.advanceTimersByTime(BURST_MS)

beforeEach(() => {
  vi.useFakeTimers()
  electron.supported = true
  electron.toasts.length = 0
  electron.trays.length = 0
  Object.assign(host, { shown: 0, opened: [], quit: 0, centre: 0 })
  language = 'ru'
})

afterEach(() => {
  vi.useRealTimers()
})

describe('desktop alerts', () => {
  it('a fired alert: one toast in the UI language, the tray turns red; the all-clear: no toast, grey again', () => {
    const d = make()
    d.start([])
    const tray = electron.trays[0]!
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.ok)
    expect(tray.tooltips.at(-1)).toBe('ClusterDesk: тревог нет')
    d.onAlert(alert())
    expect(electron.toasts).toHaveLength(0) // told when the burst window closes
    burstEnds()
    expect(electron.toasts.map((t) => [t.options.title, t.options.body, t.shown])).toEqual([
      ['Сеанс заблокирован 30 с сеансом 7', 'Иванов И.И. · сеанс 12 · buh', true],
    ])
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.critical)
    expect(tray.tooltips.at(-1)).toBe('ClusterDesk: открытых тревог — 1')
    d.onAlert(alert({ state: 'cleared' }))
    burstEnds()
    expect(electron.toasts).toHaveLength(1)
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.ok)
  })

  it('the worst open alert sets the colour; info toasts are silent', () => {
    const d = make()
    d.start([alert({ id: 'a', severity: 'warning', rule: 'long-call' })])
    const tray = electron.trays[0]!
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.warning)
    d.onAlert(alert({ id: 'b', severity: 'info', rule: 'pin', subject: { userName: 'Петров' } }))
    burstEnds()
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.warning) // still the worst
    expect(electron.toasts[0]!.options).toMatchObject({ title: 'Отмеченное: появилось', body: 'Петров', silent: true })
    d.onAlert(alert({ id: 'a', state: 'cleared', severity: 'warning' }))
    expect(centre(tray.images.at(-1)!)).toEqual(LEVEL_RGB.info)
  })

  it("a toast's click brings the window back and opens its alert; the tray menu follows the language", () => {
    const d = make()
    d.start([])
    d.onAlert(alert())
    burstEnds()
    electron.toasts[0]!.emitter.emit('click')
    expect(host.shown).toBe(1)
    expect(host.opened.map((a) => a.id)).toEqual([alert().id])
    const tray = electron.trays[0]!
    expect(tray.menus.at(-1)!.map((i) => i.label)).toEqual(['Показать ClusterDesk', undefined, 'Выход'])
    language = 'en'
    d.setLanguage()
    expect(tray.menus.at(-1)!.map((i) => i.label)).toEqual(['Show ClusterDesk', undefined, 'Quit'])
    expect(tray.tooltips.at(-1)).toBe('ClusterDesk: 1 open alert(s)')
    tray.menus.at(-1)![2]!.click!()
    expect(host.quit).toBe(1)
    tray.emitter.emit('click')
    expect(host.shown).toBe(2)
  })

  it('alerts fired together are one toast: how many, the worst of them; its click opens the centre', () => {
    const d = make()
    d.start([])
    const longCall = (i: number) =>
      alert({ id: `long-${i}`, rule: 'long-call', severity: 'warning', value: 60 + i, subject: { userName: `u${i}` } })
    d.onAlert(longCall(1))
    d.onAlert(longCall(2))
    d.onAlert(alert()) // the critical one: blocked
    vi.advanceTimersByTime(BURST_MS - 1)
    d.onAlert(longCall(3))
    expect(electron.toasts).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(electron.toasts.map((t) => [t.options.title, t.options.body, t.options.silent])).toEqual([
      ['Новых тревог: 4', 'Сеанс заблокирован 30 с сеансом 7 · Иванов И.И. · сеанс 12 · buh · и ещё 3', false],
    ])
    electron.toasts[0]!.emitter.emit('click')
    expect([host.shown, host.centre, host.opened]).toEqual([1, 1, []])
    // The tray counts every open alert; the next alert, later, is a toast of its own.
    expect(electron.trays[0]!.tooltips.at(-1)).toBe('ClusterDesk: открытых тревог — 4')
    language = 'en'
    d.onAlert(longCall(4))
    burstEnds()
    expect(electron.toasts.map((t) => t.options.title)).toEqual(['Новых тревог: 4', 'Long server call: 64 s'])
    d.onAlert(longCall(5))
    d.onAlert(longCall(6))
    burstEnds()
    expect(electron.toasts.at(-1)!.options).toMatchObject({
      title: '2 new alerts',
      body: 'Long server call: 65 s · u5 · and 1 more',
    })
  })

  it('a burst still open when the app closes is not told', () => {
    const d = make()
    d.start([])
    d.onAlert(alert())
    d.destroy()
    burstEnds()
    expect(electron.toasts).toEqual([])
  })

  it('without toast support the tray still tells; minimising hides the window to the tray', () => {
    electron.supported = false
    const d = make()
    d.start([])
    d.onAlert(alert())
    burstEnds()
    expect(electron.toasts).toEqual([])
    expect(centre(electron.trays[0]!.images.at(-1)!)).toEqual(LEVEL_RGB.critical)
    const win = Object.assign(new EventEmitter(), {
      hidden: 0,
      hide() {
        this.hidden++
      },
    })
    d.attach(win as never)
    win.emit('minimize')
    expect(win.hidden).toBe(1)
  })
})

describe('tray icon', () => {
  it('is a circle in the level colour, transparent in the corners', () => {
    const bitmap = trayBitmap('warning')
    expect(bitmap).toHaveLength(TRAY_ICON_SIZE * TRAY_ICON_SIZE * 4)
    expect(centre(bitmap)).toEqual(LEVEL_RGB.warning)
    expect(bitmap[3]).toBe(0) // top-left corner: alpha 0
    expect(bitmap[((TRAY_ICON_SIZE / 2) * TRAY_ICON_SIZE + TRAY_ICON_SIZE / 2) * 4 + 3]).toBe(255)
  })
})
