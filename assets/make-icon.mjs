// Writes assets/icon.png (512×512 RGBA): a rounded accent square with a white spool ring. Pure Node (zlib),
// so the icon is reproducible without image tools: `node assets/make-icon.mjs`.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 512
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
const c = SIZE / 2
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0
  for (let x = 0; x < SIZE; x++) {
    const o = y * (SIZE * 4 + 1) + 1 + x * 4
    const r = 96
    const dx = Math.max(0, Math.abs(x - c + 0.5) - (c - 32 - r))
    const dy = Math.max(0, Math.abs(y - c + 0.5) - (c - 32 - r))
    const inside = Math.hypot(dx, dy) <= r
    const d = Math.hypot(x - c + 0.5, y - c + 0.5)
    const ring = (d > 120 && d < 168) || d < 40
    const t = y / SIZE
    const [R, G, B] = ring
      ? [255, 255, 255]
      : [Math.round(59 + 40 * t), Math.round(91 - 30 * t), Math.round(219 - 20 * t)]
    raw.set(inside ? [R, G, B, 255] : [0, 0, 0, 0], o)
  }
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(SIZE, 0)
ihdr.writeUInt32BE(SIZE, 4)
ihdr[8] = 8
ihdr[9] = 6
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync(new URL('./icon.png', import.meta.url), png)
