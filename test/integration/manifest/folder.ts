import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MEDIA = join(import.meta.dirname, '../../fixtures/media')

export const SRT = '1\n00:00:00,000 --> 00:00:01,000\nOlá, mundo\n'
export const VTT = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n'

/**
 * A shoot folder of `count` small videos (`clip-1.mp4`…) with sidecars: clip-1 has an English .vtt and a
 * Brazilian Portuguese .srt, clip-2 a caption without a language and a poster, plus an unpaired caption and
 * a text file. Each video gets its own bytes (a trailing counter) so fingerprints differ.
 */
export function shootFolder(dir: string, count = 6): string[] {
  mkdirSync(dir, { recursive: true })
  const videos: string[] = []
  for (let i = 1; i <= count; i++) {
    const path = join(dir, `clip-${i}.mp4`)
    copyFileSync(join(MEDIA, 'tiny-160x90.mp4'), path)
    videos.push(path)
  }
  writeFileSync(join(dir, 'clip-1.en.vtt'), VTT)
  writeFileSync(join(dir, 'clip-1.pt-BR.srt'), SRT)
  writeFileSync(join(dir, 'clip-2.vtt'), VTT)
  writeFileSync(
    join(dir, 'clip-2.jpg'),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
  )
  writeFileSync(join(dir, 'orphan.en.vtt'), VTT)
  writeFileSync(join(dir, 'notes.txt'), 'not media\n')
  return videos
}
