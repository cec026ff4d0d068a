#!/usr/bin/env node
/**
 * Draws the ClusterDesk icon (a blue rounded square with three server bars and their status
 * lights) and writes build/icon.png (256 px) and build/icon.ico (16…256 px) for electron-builder:
 * the exe, the installer, the uninstaller and the shortcuts. No image library: shapes are
 * sampled 8×8 per pixel, PNG is written with zlib, the ICO holds BMPs below 256 px (what old
 * shell and NSIS code reads best) and a PNG at 256 px. Run it again only to change the design:
 * `node build/make-icon.mjs`.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const SAMPLES = 8

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
const TOP = hex('#2f6fe0')
const BOTTOM = hex('#1a3d96')
const BAR = hex('#ffffff')
const SLOT = hex('#b9c8e8')
const LIGHTS = [hex('#22c55e'), hex('#22c55e'), hex('#f59e0b')]

/** Inside a rounded rectangle (unit coordinates). */
function inRoundRect(x, y, left, top, right, bottom, r) {
  if (x < left || x > right || y < top || y > bottom) return false
  const cx = Math.min(Math.max(x, left + r), right - r)
  const cy = Math.min(Math.max(y, top + r), bottom - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}

/** Colour at a point of the unit square, or null outside the icon. */
function shade(x, y) {
  if (!inRoundRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.2)) return null
  for (let i = 0; i < 3; i++) {
    const top = 0.225 + i * 0.2
    const bottom = top + 0.15
    if (!inRoundRect(x, y, 0.18, top, 0.82, bottom, 0.045)) continue
    const mid = (top + bottom) / 2
    if ((x - 0.705) ** 2 + (y - mid) ** 2 <= 0.042 ** 2) return LIGHTS[i]
    if (inRoundRect(x, y, 0.27, mid - 0.018, 0.52, mid + 0.018, 0.018)) return SLOT
    return BAR
  }
  const t = (y - 0.03) / 0.94
  return TOP.map((c, k) => c + (BOTTOM[k] - c) * t)
}

/** RGBA pixels, top row first. */
function render(size) {
  const px = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = shade((pxi + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
          if (!c) continue
          r += c[0]
          g += c[1]
          b += c[2]
          a++
        }
      }
      const o = (py * size + pxi) * 4
      if (a) {
        px[o] = Math.round(r / a)
        px[o + 1] = Math.round(g / a)
        px[o + 2] = Math.round(b / a)
        px[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES))
      }
    }
  }
  return px
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const out = Buffer.alloc(8 + data.length + 4)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), 8 + data.length)
  return out
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** 32-bit BMP as stored in an ICO: BITMAPINFOHEADER (double height), BGRA bottom-up, AND mask. */
function icoBmp(size, rgba) {
  const maskRow = Math.ceil(size / 32) * 4
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8)
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20)
  const pixels = Buffer.alloc(size * size * 4)
  const mask = Buffer.alloc(maskRow * size)
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      const o = (row * size + x) * 4
      pixels[o] = rgba[i + 2]
      pixels[o + 1] = rgba[i + 1]
      pixels[o + 2] = rgba[i]
      pixels[o + 3] = rgba[i + 3]
      if (rgba[i + 3] === 0) mask[row * maskRow + (x >> 3)] |= 0x80 >> (x & 7)
    }
  }
  return Buffer.concat([header, pixels, mask])
}

function ico(images) {
  const dir = Buffer.alloc(6 + 16 * images.length)
  dir.writeUInt16LE(1, 2) // type 1 = icon
  dir.writeUInt16LE(images.length, 4)
  let offset = dir.length
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i
    dir[e] = size >= 256 ? 0 : size // 0 means 256
    dir[e + 1] = size >= 256 ? 0 : size
    dir.writeUInt16LE(1, e + 4) // planes
    dir.writeUInt16LE(32, e + 6) // bits per pixel
    dir.writeUInt32LE(data.length, e + 8)
    dir.writeUInt32LE(offset, e + 12)
    offset += data.length
  })
  return Buffer.concat([dir, ...images.map((i) => i.data)])
}

const out = import.meta.dirname
const images = ICO_SIZES.map((size) => {
  const rgba = render(size)
  return { size, rgba, data: size >= 256 ? png(size, rgba) : icoBmp(size, rgba) }
})
const big = images.at(-1)
writeFileSync(join(out, 'icon.png'), big.data)
writeFileSync(join(out, 'icon.ico'), ico(images))
console.log(`wrote ${join(out, 'icon.png')} and ${join(out, 'icon.ico')} (${ICO_SIZES.join(', ')} px)`)
