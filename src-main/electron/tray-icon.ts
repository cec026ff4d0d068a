/**
 * The tray's icon: a filled circle in the colour of the worst open alert, drawn here as a BGRA
 * bitmap (no image files to ship or unpack). Pure: Electron turns it into a NativeImage.
 */
import type { WatchLevel } from '../../src-shared/watch-severity'

export const TRAY_ICON_SIZE = 16

/** RGB of each level: grey (nothing open), blue, amber, red. */
export const LEVEL_RGB: Record<WatchLevel, [number, number, number]> = {
  ok: [120, 130, 140],
  info: [32, 128, 240],
  warning: [240, 160, 32],
  critical: [220, 40, 40],
}

/** A `size`×`size` BGRA bitmap of a circle in the level's colour, transparent around it. */
export function trayBitmap(level: WatchLevel, size = TRAY_ICON_SIZE): Buffer {
  const [r, g, b] = LEVEL_RGB[level]
  const out = Buffer.alloc(size * size * 4)
  const c = (size - 1) / 2
  const radius = size / 2 - 0.5
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c)
      // Edge pixels half covered: a smooth rim without an image library.
      const alpha = Math.max(0, Math.min(1, radius - d + 0.5))
      const i = (y * size + x) * 4
      out[i] = b
      out[i + 1] = g
      out[i + 2] = r
      out[i + 3] = Math.round(alpha * 255)
    }
  }
  return out
}
