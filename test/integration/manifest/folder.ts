import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

const MEDIA = join(import.meta.dirname, '../../fixtures/media')

export const SRT = '1\n00:00:00,000 --> 00:00:01,000\nOlá, mundo\n'
export const VTT = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n'

/** A real PNG of one colour (a PeerTube instance decodes the thumbnail it is sent). */
export function png(width = 64, height = 36): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), body.length + 4)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/**
 * A shoot folder of `count` small videos (`clip-1.mp4`…) with sidecars: clip-1 has an English .vtt and a
 * Brazilian Portuguese .srt, clip-2 a caption without a language and a poster, plus an unpaired caption and
 * a text file. Each video gets its own bytes (a trailing counter) so fingerprints differ.
 */
export function shootFolder(dir: string, count = 6): string[] {
  mkdirSync(dir, { recursive: true })
  const videos: string[] = []
  const clip = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
  for (let i = 1; i <= count; i++) {
    const path = join(dir, `clip-${i}.mp4`)
    // An MP4 'free' box carrying the index: the same picture, different bytes (no content duplicates).
    const free = Buffer.alloc(16)
    free.writeUInt32BE(16, 0)
    free.write('free', 4, 'latin1')
    free.writeUInt32BE(i, 8)
    writeFileSync(path, Buffer.concat([clip, free]))
    videos.push(path)
  }
  writeFileSync(join(dir, 'clip-1.en.vtt'), VTT)
  writeFileSync(join(dir, 'clip-1.pt-BR.srt'), SRT)
  writeFileSync(join(dir, 'clip-2.vtt'), VTT)
  writeFileSync(join(dir, 'clip-2.png'), png())
  writeFileSync(join(dir, 'orphan.en.vtt'), VTT)
  writeFileSync(join(dir, 'notes.txt'), 'not media\n')
  return videos
}
