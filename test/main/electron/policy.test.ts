import { describe, expect, it } from 'vitest'
import { pathToFileURL } from 'node:url'
import {
  isAppNavigation,
  isPermissionGranted,
  isSafeExternalUrl,
  menuLanguage,
  restoreBounds,
  unloadPrompt,
  UNLOAD_LEAVE,
} from '../../../src-main/electron/policy'

describe('external links', () => {
  it.each([
    ['https://its.1c.ru/db/v8323doc', true],
    ['http://example.com', false],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['https://user:pwd@example.com/', false],
    ['not a url', false],
    [42, false],
    ['https://x.example/' + 'a'.repeat(3000), false],
  ])('%s → %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe)
  })
})

describe('navigation stays inside the app', () => {
  it('allows the dev server origin and the packaged file only', () => {
    expect(isAppNavigation('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true)
    expect(isAppNavigation('https://evil.example/', 'http://localhost:5173/')).toBe(false)
    expect(isAppNavigation('file:///app/out/renderer/index.html', 'file:///app/out/renderer/index.html')).toBe(true)
    expect(isAppNavigation('file:///etc/passwd', 'file:///app/out/renderer/index.html')).toBe(false)
    expect(isAppNavigation('::', 'file:///app/index.html')).toBe(false)
  })

  it('matches the packaged file however its path is percent-encoded (spaces, Cyrillic)', () => {
    const app = pathToFileURL('/Users/Иван Петров/ClusterDesk/resources/app.asar/out/renderer/index.html').href
    const chromium =
      'file:///Users/%D0%98%D0%B2%D0%B0%D0%BD%20%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2/ClusterDesk/resources/app.asar/out/renderer/index.html#/x'
    expect(isAppNavigation(chromium, app)).toBe(true)
    expect(isAppNavigation('file:///Users/%D0%98/other.html', app)).toBe(false)
    expect(isAppNavigation('file:///%E0%A4%A/index.html', app)).toBe(false) // malformed escape
  })
})

describe('permissions', () => {
  const fileApp = 'file:///C:/Users/u/AppData/Local/Programs/ClusterDesk/resources/app.asar/out/renderer/index.html'
  const devApp = 'http://localhost:5173/'
  const ask = (permission: string, requestingUrl: string | undefined, appUrl = fileApp, isMainFrame = true) =>
    isPermissionGranted({ permission, requestingUrl, isMainFrame, appUrl })

  it('grants clipboard-sanitized-write to the app page itself (packaged file or dev server)', () => {
    expect(ask('clipboard-sanitized-write', fileApp)).toBe(true)
    expect(ask('clipboard-sanitized-write', `${fileApp}#/tabs`)).toBe(true)
    expect(ask('clipboard-sanitized-write', 'http://localhost:5173/index.html', devApp)).toBe(true)
    expect(ask('clipboard-sanitized-write', 'http://localhost:5173', devApp)).toBe(true) // an origin (check handler)
  })

  it('refuses it to any other origin, file, frame, or an unknown requester', () => {
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(ask('clipboard-sanitized-write', 'file:///C:/Users/u/Downloads/page.html')).toBe(false)
    expect(ask('clipboard-sanitized-write', 'file:///')).toBe(false) // a bare file origin is not the app
    expect(ask('clipboard-sanitized-write', 'http://localhost:5174/', devApp)).toBe(false)
    expect(ask('clipboard-sanitized-write', fileApp, fileApp, false)).toBe(false)
    expect(ask('clipboard-sanitized-write', undefined)).toBe(false)
    expect(ask('clipboard-sanitized-write', '')).toBe(false)
  })

  it.each([
    'clipboard-read',
    'deprecated-sync-clipboard-read',
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'fullscreen',
    'fileSystem',
    'hid',
    'unknown',
  ])('refuses %s even to the app page', (permission) => {
    expect(ask(permission, fileApp)).toBe(false)
    expect(ask(permission, devApp, devApp)).toBe(false)
  })
})

describe('unload prompt', () => {
  it('asks in the UI language; button 0 leaves, button 1 stays', () => {
    const ru = unloadPrompt('ru')
    const en = unloadPrompt('en')
    expect(ru.message).toMatch(/диалог/)
    expect(ru.buttons[1]).toBe('Остаться')
    expect(en.message).toMatch(/dialog/)
    expect(en.buttons[1]).toBe('Stay')
    expect(UNLOAD_LEAVE).toBe(0)
  })
})

describe('window bounds', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1040 }
  const second = { x: 1920, y: 0, width: 1280, height: 1024 }

  it('keeps a window that is on a connected display', () => {
    const saved = { x: 2000, y: 100, width: 1000, height: 700 }
    expect(restoreBounds(saved, [primary, second])).toEqual(saved)
  })

  it('drops the position of a window left on an unplugged monitor, keeping a size that fits', () => {
    expect(restoreBounds({ x: 2000, y: 100, width: 1600, height: 1200 }, [primary])).toEqual({
      width: 1600,
      height: 1040,
    })
  })

  it('ignores garbage from the state file', () => {
    expect(restoreBounds({ x: 'a' }, [primary])).toEqual({ width: 1400, height: 860 })
    expect(restoreBounds(null, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ width: 1024, height: 700 })
  })
})

describe('menu language before the page reports its own', () => {
  it('is Russian when the OS prefers it first', () => {
    expect(menuLanguage(['ru-RU', 'en-US'])).toBe('ru')
    expect(menuLanguage(['RU'])).toBe('ru')
    expect(menuLanguage(['en-US', 'ru-RU'])).toBe('en') // the first one, as the page's navigator.language
    expect(menuLanguage(['en-GB'])).toBe('en')
    expect(menuLanguage([])).toBe('en')
  })
})
