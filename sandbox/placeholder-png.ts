import { createHash } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'

// The still the sandbox answers when it cannot take a frame from the media (no ffmpeg on the machine, an
// audio-only file, bytes that are not video): a diagonal two-colour gradient whose hues come from the media
// id, so every media has its own, stable picture — never a 1×1 pixel that the app would show as a blank box.

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** HSL (h in degrees, s and l in 0..1) to 8-bit RGB. */
function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => {
    const k = (n + h / 30) % 12
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
  }
  return [f(0), f(8), f(4)]
}

/** A width×height RGB PNG: a gradient between two hues chosen by `seed`. */
export function placeholderPng(seed: string, width = 320, height = 180): Buffer {
  const digest = createHash('sha256').update(seed).digest()
  const hue = (digest[0]! / 255) * 360
  const from = hsl(hue, 0.45, 0.28)
  const to = hsl((hue + 40 + (digest[1]! / 255) * 60) % 360, 0.55, 0.62)
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    rows[row] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2
      for (let c = 0; c < 3; c++) rows[row + 1 + x * 3 + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
