import { describe, expect, it } from 'vitest'
import { isAppNavigation, isSafeExternalUrl, menuLanguage, restoreBounds } from '../../../src-main/electron/policy'

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

describe('menu language', () => {
  it('is Russian when the OS prefers it', () => {
    expect(menuLanguage(['ru-RU', 'en-US'])).toBe('ru')
    expect(menuLanguage(['en-GB'])).toBe('en')
    expect(menuLanguage([])).toBe('en')
  })
})
