import { open, type FileHandle } from 'node:fs/promises'
import { crc32c } from '@node-rs/crc32'
import { crc32cToBase64 } from '../providers/hashes.ts'

/**
 * A file's content fingerprint (issue 13 §2): what makes two files "the same video" whatever their names
 * or folders. The quick part — the size and a CRC32C of the first and of the last 16 KiB — costs two small
 * reads, so a 10,000-file card is fingerprinted at enqueue; a match on it is only a candidate, confirmed by
 * the CRC32C of the whole file (the digest the upload itself records, in the same base64 spelling). Video
 * containers keep their index and timestamps at the head or the tail, so two different recordings of the
 * same size practically never share both ends.
 */

/**
 * Bytes read at each end; a file up to twice this is read whole. 16 KiB: a 10,000-clip card is read for
 * 320 MB at enqueue, not 1.3 GB; compressed video differs well within it, and a match against this machine's
 * record is confirmed by the whole file's CRC32C anyway.
 */
export const FINGERPRINT_EDGE = 16 * 1024
/** Prefix of the fingerprint's spelling: a later way of computing it gets a new one, never a false match. */
const VERSION = '1'

/** `1.<size in base 36>.<crc32c head><crc32c tail>` (hex): at most ~26 characters, safe in metadata. */
export type QuickFingerprint = string

const hex = (value: number): string => (value >>> 0).toString(16).padStart(8, '0')

/** The quick fingerprint of a file of `size` bytes (rejects with the file-system error when unreadable). */
export async function quickFingerprint(path: string, size: number): Promise<QuickFingerprint> {
  const handle = await open(path, 'r')
  try {
    return (await readEdges(handle, size)).fingerprint
  } finally {
    await handle.close()
  }
}

/**
 * Reads both ends of an open file of `size` bytes: its quick fingerprint, and its first bytes (the scan
 * sniffs the container from them, so a file is opened once for both).
 */
export async function readEdges(
  handle: FileHandle,
  size: number,
): Promise<Readonly<{ fingerprint: QuickFingerprint; head: Buffer }>> {
  const headLength = Math.min(size, FINGERPRINT_EDGE)
  const tailLength = Math.min(size - headLength, FINGERPRINT_EDGE)
  const buffer = Buffer.alloc(headLength + tailLength)
  await readFully(handle, buffer, 0, headLength, 0)
  await readFully(handle, buffer, headLength, tailLength, size - tailLength)
  const head = buffer.subarray(0, headLength)
  const tail = crc32c(buffer.subarray(headLength))
  return { fingerprint: `${VERSION}.${size.toString(36)}.${hex(crc32c(head))}${hex(tail)}`, head }
}

/** The size a quick fingerprint states, or null for one not spelled by this version. */
export function fingerprintSize(fingerprint: string): number | null {
  const [version, size] = fingerprint.split('.')
  if (version !== VERSION || !size) return null
  const n = parseInt(size, 36)
  return Number.isSafeInteger(n) ? n : null
}

/** CRC32C of the whole file, base64 as the upload records it (`crc32c_local`). */
export async function fullCrc32c(path: string): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(1024 * 1024)
    let crc = 0
    let position = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      if (bytesRead === 0) break
      crc = crc32c(buffer.subarray(0, bytesRead), crc)
      position += bytesRead
    }
    return crc32cToBase64(crc)
  } finally {
    await handle.close()
  }
}

async function readFully(
  handle: FileHandle,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<void> {
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, offset + done, length - done, position + done)
    if (bytesRead === 0) throw Object.assign(new Error('file shorter than its size'), { code: 'ESHORT' })
    done += bytesRead
  }
}
