import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32c } from '@node-rs/crc32'
import { afterEach, beforeEach, expect, test } from 'vitest'
import {
  FINGERPRINT_EDGE,
  fingerprintSize,
  fullCrc32c,
  quickFingerprint,
} from '../../../main/uploads/fingerprint.ts'
import { isoDurationSeconds } from '../../../main/uploads/fingerprint-duration.ts'
import { crc32cToBase64 } from '../../../main/providers/hashes.ts'

const MP4 = join(import.meta.dirname, '../../fixtures/media/tiny-160x90.mp4')
let dir: string
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'spool-fp-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const write = (name: string, bytes: Buffer): string => {
  writeFileSync(join(dir, name), bytes)
  return join(dir, name)
}
const fp = (path: string): Promise<string> => quickFingerprint(path, readFileSync(path).length)

test('the same bytes under another name have the same fingerprint, which states the size', async () => {
  const a = write('a.mp4', randomBytes(300_000))
  copyFileSync(a, join(dir, 'renamed.mov'))
  expect(await fp(join(dir, 'renamed.mov'))).toBe(await fp(a))
  expect(await fp(a)).toMatch(/^1\.[0-9a-z]+\.[0-9a-f]{16}$/)
  expect(fingerprintSize(await fp(a))).toBe(300_000)
  expect(fingerprintSize('2.abc.00')).toBeNull()
})

test('a change in either end changes it; one in the middle of a large file is left to the full CRC32C', async () => {
  const bytes = randomBytes(400_000)
  const a = await fp(write('a.mp4', bytes))
  const flip = (at: number): Buffer => {
    const copy = Buffer.from(bytes)
    copy[at] = copy[at]! ^ 1
    return copy
  }
  expect(await fp(write('head.mp4', flip(10)))).not.toBe(a)
  expect(await fp(write('tail.mp4', flip(399_990)))).not.toBe(a)
  expect(await fp(write('middle.mp4', flip(200_000)))).toBe(a)
  expect(await fullCrc32c(join(dir, 'middle.mp4'))).not.toBe(await fullCrc32c(join(dir, 'a.mp4')))
})

test('a file up to twice the edge is read whole: any byte counts', async () => {
  const bytes = randomBytes(2 * FINGERPRINT_EDGE)
  const a = await fp(write('a.mp4', bytes))
  bytes[FINGERPRINT_EDGE] = bytes[FINGERPRINT_EDGE]! ^ 1
  expect(await fp(write('b.mp4', bytes))).not.toBe(a)
  expect(await fp(write('tiny.mp4', Buffer.from('x')))).toMatch(/^1\.1\./)
})

test('the full CRC32C is the digest the upload records (base64 of the big-endian value)', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17)
  expect(await fullCrc32c(write('a.mp4', bytes))).toBe(crc32cToBase64(crc32c(bytes)))
})

test('duration from the movie header, wherever moov sits; null for what is not ISO media', async () => {
  const clip = readFileSync(MP4)
  expect(await isoDurationSeconds(MP4, clip.length)).toBe(1)
  // moov after a large mdat-like box: the header walk skips it without reading it.
  const filler = Buffer.alloc(1_000_000)
  filler.writeUInt32BE(filler.length, 0)
  filler.write('free', 4, 'latin1')
  const moved = write('moved.mp4', Buffer.concat([filler, clip]))
  expect(await isoDurationSeconds(moved, filler.length + clip.length)).toBe(1)
  const noise = write('noise.mp4', randomBytes(5000))
  expect(await isoDurationSeconds(noise, 5000)).toBeNull()
  expect(await isoDurationSeconds(join(dir, 'missing.mp4'), 10)).toBeNull()
})
