#!/usr/bin/env node
// Draws Keyward's icons (a key, plus an alert dot variant) as PNGs with no dependencies:
// shapes are sampled 4×4 per pixel for smooth edges and written with Node's zlib.
// Run `node scripts/make-icons.js` after changing a shape; the PNGs under resources/ are committed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Encodes RGBA pixels as a PNG. */
function png(width, height, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1

/** The key, in a unit square, drawn diagonally: a ring (the bow), a shaft and two teeth. */
function inKey(ux, uy) {
  // Rotate the sample point by +45° about the centre, so the key points to the lower right.
  const a = Math.PI / 4
  const dx = ux - 0.5
  const dy = uy - 0.5
  const x = 0.5 + dx * Math.cos(a) + dy * Math.sin(a)
  const y = 0.5 - dx * Math.sin(a) + dy * Math.cos(a)
  const bow = inCircle(x, y, 0.27, 0.5, 0.2) && !inCircle(x, y, 0.27, 0.5, 0.085)
  const shaft = inRect(x, y, 0.42, 0.445, 0.93, 0.555)
  const teeth = inRect(x, y, 0.74, 0.555, 0.81, 0.7) || inRect(x, y, 0.85, 0.555, 0.93, 0.66)
  return bow || shaft || teeth
}

const DOT = { cx: 0.8, cy: 0.2, r: 0.17, gap: 0.07 }

/** Coverage of a shape over one pixel, from 4×4 samples. */
function coverage(px, py, size, inside) {
  let hits = 0
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++
  return hits / 16
}

/**
 * Draws one icon. `glyph` colours the key, `dot` (if set) adds the alert dot; `background`
 * (if set) fills a rounded square behind the key, for the app icon.
 */
function draw(size, { glyph, dot = null, background = null, inset = 0.12 }) {
  const rgba = Buffer.alloc(size * size * 4)
  const scale = 1 - 2 * inset
  const keyAt = (ux, uy) => inKey((ux - inset) / scale, (uy - inset) / scale)
  const keyShape = dot ? (ux, uy) => keyAt(ux, uy) && !inCircle(ux, uy, DOT.cx, DOT.cy, DOT.r + DOT.gap) : keyAt
  const roundedSquare = (ux, uy) => {
    // macOS's icon grid: a 0.9-wide rounded square, corner radius about a fifth of it.
    const [lo, hi, r] = [0.05, 0.95, 0.19]
    const cx = Math.min(Math.max(ux, lo + r), hi - r)
    const cy = Math.min(Math.max(uy, lo + r), hi - r)
    return inCircle(ux, uy, cx, cy, r)
  }
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Composite back to front: background, key, dot.
      let [r, g, b, a] = [0, 0, 0, 0]
      const over = (color, alpha) => {
        const out = alpha + a * (1 - alpha)
        if (out === 0) return
        r = (color[0] * alpha + r * a * (1 - alpha)) / out
        g = (color[1] * alpha + g * a * (1 - alpha)) / out
        b = (color[2] * alpha + b * a * (1 - alpha)) / out
        a = out
      }
      if (background) over(background, coverage(px, py, size, roundedSquare))
      over(glyph, coverage(px, py, size, keyShape))
      if (dot)
        over(
          dot,
          coverage(px, py, size, (ux, uy) => inCircle(ux, uy, DOT.cx, DOT.cy, DOT.r)),
        )
      const o = (py * size + px) * 4
      rgba[o] = Math.round(r)
      rgba[o + 1] = Math.round(g)
      rgba[o + 2] = Math.round(b)
      rgba[o + 3] = Math.round(a * 255)
    }
  }
  return png(size, size, rgba)
}

const BLACK = [0, 0, 0]
const INK = [41, 37, 36] // for light taskbars
const PAPER = [245, 245, 244] // for dark taskbars
const AMBER = [180, 83, 9]
const ALERT = [220, 38, 38]

const files = {
  // macOS: template images (black + alpha; the system tints them), 16 pt and @2x.
  'tray/trayTemplate.png': draw(16, { glyph: BLACK, inset: 0.04 }),
  'tray/trayTemplate@2x.png': draw(32, { glyph: BLACK, inset: 0.04 }),
  'tray/trayAlertTemplate.png': draw(16, { glyph: BLACK, dot: BLACK, inset: 0.04 }),
  'tray/trayAlertTemplate@2x.png': draw(32, { glyph: BLACK, dot: BLACK, inset: 0.04 }),
  // Windows and Linux: a dark glyph for light taskbars, a light one for dark taskbars; the alert dot is red.
  'tray/tray-light.png': draw(32, { glyph: INK, inset: 0.04 }),
  'tray/tray-dark.png': draw(32, { glyph: PAPER, inset: 0.04 }),
  'tray/tray-alert-light.png': draw(32, { glyph: INK, dot: ALERT, inset: 0.04 }),
  'tray/tray-alert-dark.png': draw(32, { glyph: PAPER, dot: ALERT, inset: 0.04 }),
  // The app icon (electron-builder makes .icns/.ico from it): a white key on amber.
  'icon.png': draw(1024, { glyph: [255, 255, 255], background: AMBER, inset: 0.17 }),
}
for (const [name, data] of Object.entries(files)) {
  const path = join(root, 'resources', name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
  console.log(`wrote resources/${name} (${data.length} bytes)`)
}
