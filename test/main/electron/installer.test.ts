/**
 * The installer's identity, checked without building it (that needs Windows or Wine): the icon
 * files electron-builder is pointed at are real 256 px PNG/ICO images, the publisher (package.json
 * author) is set, and the NSIS options give the per-user, no-admin install the README promises.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')
const read = (path: string) => readFileSync(join(root, path))

/** The two-level `key: scalar` maps of electron-builder.yml (lists and comments skipped). */
function builderConfig(): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {}
  let current: Record<string, string> = {}
  for (const raw of read('electron-builder.yml').toString('utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '')
    const top = /^([\w-]+):\s*(.*)$/.exec(line)
    if (top) {
      current = sections[top[1]!] = {}
      if (top[2]) current[''] = top[2]
      continue
    }
    const nested = /^ {2}([\w-]+):\s*(.*)$/.exec(line)
    if (nested) current[nested[1]!] = nested[2]!
  }
  return sections
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Walks every chunk (CRC checked), inflates the image data and checks its length. */
function decodePng(png: Buffer): { width: number; height: number; colorType: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (b: Buffer) => {
    let c = 0xffffffff
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  let offset = 8
  let header: { width: number; height: number; colorType: number } | null = null
  const data: Buffer[] = []
  let ended = false
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const body = png.subarray(offset + 8, offset + 8 + length)
    expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(
      crc(png.subarray(offset + 4, offset + 8 + length)),
    )
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), colorType: body[9]! }
    if (type === 'IDAT') data.push(body)
    if (type === 'IEND') ended = true
    offset += 12 + length
  }
  expect(ended).toBe(true)
  expect(header).not.toBeNull()
  const bytesPerPixel = header!.colorType === 6 ? 4 : 3
  expect(inflateSync(Buffer.concat(data)).length).toBe(header!.height * (header!.width * bytesPerPixel + 1))
  return header!
}

describe('installer identity', () => {
  const config = builderConfig()

  it('points the exe, the installer and the uninstaller at one 256 px ICO', () => {
    const icon = config.win!.icon!
    expect(icon).toBe('build/icon.ico')
    expect(config.nsis!.installerIcon).toBe(icon)
    expect(config.nsis!.uninstallerIcon).toBe(icon)
    expect(config.directories!.buildResources).toBe('build')

    const ico = read(icon)
    expect(ico.readUInt16LE(0)).toBe(0) // reserved
    expect(ico.readUInt16LE(2)).toBe(1) // icon, not cursor
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i
      const size = ico[e] || 256
      const length = ico.readUInt32LE(e + 8)
      const offset = ico.readUInt32LE(e + 12)
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      const image = ico.subarray(offset, offset + length)
      if (image.subarray(0, 8).equals(PNG_SIGNATURE)) {
        expect(decodePng(image)).toMatchObject({ width: size, height: size })
      } else {
        expect(image.readUInt32LE(0)).toBe(40) // BITMAPINFOHEADER
        expect([image.readInt32LE(4), image.readInt32LE(8)]).toEqual([size, size * 2])
        expect(image.readUInt16LE(14)).toBe(32)
      }
      sizes.push(size)
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
  })

  it('keeps a 256 px RGBA PNG of the same icon next to it', () => {
    expect(decodePng(read('build/icon.png'))).toEqual({ width: 256, height: 256, colorType: 6 })
    expect(existsSync(join(root, 'build/make-icon.mjs'))).toBe(true)
  })

  it('has a publisher: the package author', () => {
    const pkg = JSON.parse(read('package.json').toString('utf8')) as { author?: string | { name?: string } }
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name
    expect(author?.trim()).toBeTruthy()
  })

  it('installs per user without admin rights, the install-mode page forced to "only for me"', () => {
    const nsis = config.nsis!
    expect(nsis.oneClick).toBe('false')
    expect(nsis.perMachine).toBe('false')
    expect(nsis.allowElevation).toBe('false')
    expect(nsis.include).toBe('build/installer.nsh')
    const script = read(nsis.include!).toString('utf8')
    expect(script).toMatch(/!macro customInstallMode[\s\S]*StrCpy \$isForceCurrentInstall "1"[\s\S]*!macroend/)
    expect(nsis.deleteAppDataOnUninstall).toBe('false')
  })
})
