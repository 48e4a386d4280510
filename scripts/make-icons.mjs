#!/usr/bin/env node
// Draws agtray's icons (an antigravity "rising dot" in a ring) as PNGs into resources/.
// Run by hand when the design changes; the PNGs are committed.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources')

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buffer) => {
  let c = 0xffffffff
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(size, pixel) {
  const rows = []
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4)
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A ring with a dot above its centre; `color` is [r, g, b]. */
const glyph = (color) => (u, v) => {
  const r = Math.hypot(u - 0.5, v - 0.5)
  const dot = Math.hypot(u - 0.5, v - 0.38)
  const inRing = r > 0.3 && r < 0.44
  const inDot = dot < 0.12
  return inRing || inDot ? [...color, 255] : [0, 0, 0, 0]
}

const icons = {
  'icon.png': [256, [99, 102, 241]],
  'tray-on.png': [32, [34, 197, 94]],
  'tray-off.png': [32, [148, 163, 184]],
  'tray-warning.png': [32, [245, 158, 11]],
}
for (const [name, [size, color]] of Object.entries(icons))
  writeFileSync(path.join(out, name), png(size, glyph(color)))
console.log(`wrote ${Object.keys(icons).join(', ')} to ${out}`)
