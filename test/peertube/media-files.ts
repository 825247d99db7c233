import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const MEDIA = join(import.meta.dirname, '../fixtures/media')

/** A 1-second mono 16-bit PCM WAV of a 440 Hz tone, made here (no binary fixture needed). */
export function toneWav(seconds = 1, rate = 8000): Buffer {
  const samples = seconds * rate
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

/**
 * A camera-card-like folder of mixed media: an mp4, the same clip padded as a .mov (QuickTime and MP4 share one
 * container family), and a .wav. With transcoding off, PeerTube takes only mp4/webm/ogv: `mixed: false`.
 */
export function mediaFolder(dir: string, mixed = true): string[] {
  mkdirSync(dir, { recursive: true })
  const files = [join(dir, 'clip-a.mp4')]
  copyFileSync(join(MEDIA, 'tiny-160x90.mp4'), files[0]!)
  if (mixed) {
    files.push(join(dir, 'clip-b.mov'), join(dir, 'room-tone.wav'))
    // Not a byte-for-byte copy of clip-a: the same content would rightly be one video and a duplicate.
    paddedMp4(files[1]!, 12_288)
    writeFileSync(files[2]!, toneWav())
  }
  return files
}

/**
 * The tiny mp4 grown to `size` bytes with a trailing ISO-BMFF `free` box: still a valid, playable file
 * (readers skip `free` boxes), so PeerTube and ffprobe accept it on every target, with or without
 * transcoding, and it spans as many chunks as a test needs.
 */
export function paddedMp4(path: string, size: number): string {
  const clip = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
  const pad = size - clip.length
  if (pad < 8) throw new Error(`paddedMp4: ${size} bytes is smaller than the clip`)
  const free = Buffer.alloc(pad)
  free.writeUInt32BE(pad, 0)
  free.write('free', 4, 'latin1')
  for (let i = 8; i < pad; i += 4096) free[i] = i & 0xff // not all zeros
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, Buffer.concat([clip, free]))
  return path
}
