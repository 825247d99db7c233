import { open, stat, type FileHandle } from 'node:fs/promises'
import { createHash, type Hash } from 'node:crypto'
import type { Writable } from 'node:stream'
import { crc32c } from '@node-rs/crc32'
import { AppFailure, appError } from '../../common/ipc/result.ts'
import type { ChunkSpan } from './logic/chunk-plan.ts'
import { crc32cToBase64 } from '../providers/hashes.ts'
import { fsReason } from './scanner.ts'
import type { ChunkSource } from '../providers/provider.ts'

/** What enqueue recorded about the file; any difference later means the file changed. */
export type Fingerprint = Readonly<{ path: string; size: number; mtimeMs: number; ino: string }>

/**
 * Fails with a clear reason unless the file is still the one that was enqueued (rclone's "source file is
 * being updated"): gone → source-missing, unreadable → source-unreadable, size/mtime/inode changed →
 * source-changed. Called before every chunk, at resume and after the last byte.
 */
export async function assertUnchanged(fp: Fingerprint): Promise<void> {
  let s
  try {
    s = await stat(fp.path)
  } catch (caught) {
    throw new AppFailure(fsReason(caught))
  }
  if (!s.isFile())
    throw new AppFailure(appError('upload/source-unreadable', 'The path is no longer a regular file.'))
  if (s.size !== fp.size || s.mtimeMs !== fp.mtimeMs || String(s.ino) !== fp.ino)
    throw new AppFailure(
      appError(
        'upload/source-changed',
        'The file changed after it was queued; Spool will not upload a mix of old and new.',
        {
          detail: `size ${fp.size} → ${s.size}, modified ${new Date(fp.mtimeMs).toISOString()} → ${new Date(s.mtimeMs).toISOString()}`,
        },
      ),
    )
}

/** CRC32C + MD5 of the bytes [0, offset) of a file, advanced strictly in order. */
export type HashState = { offset: number; crc: number; md5: Hash }

/** The hash state of zero bytes. */
export function emptyHash(): HashState {
  return { offset: 0, crc: 0, md5: createHash('md5') }
}

/** Base64 digests as GCS prints them (does not consume the state). */
export function digests(state: HashState): Readonly<{ crc32c: string; md5: string }> {
  return { crc32c: crc32cToBase64(state.crc), md5: state.md5.copy().digest('base64') }
}

/** Bytes per read: a piece stays in the CPU cache between the read, the hashes and the socket copy. */
const PIECE = 256 * 1024

/** Reads into `buffer` at `position`, turning file-system errors into Spool's reasons. */
async function readInto(
  handle: FileHandle,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<number> {
  try {
    return (await handle.read(buffer, 0, length, position)).bytesRead
  } catch (caught) {
    throw new AppFailure(fsReason(caught))
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch (caught) {
    throw new AppFailure(fsReason(caught))
  }
}

const shorter = (): AppFailure =>
  new AppFailure(appError('upload/source-changed', 'The file became shorter while Spool was reading it.'))

/**
 * Brings `state` to exactly `target` bytes by reading the missing range from disk (never sending it). The
 * server may acknowledge part of a chunk, or a restart begins at offset N with no hash state: re-reading is
 * cheap next to the network and keeps nothing partial on disk. A target behind the state restarts from 0.
 */
export async function catchUp(
  path: string,
  state: HashState,
  target: number,
  signal?: AbortSignal,
): Promise<HashState> {
  const s = state.offset <= target ? state : emptyHash()
  if (s.offset === target) return s
  const handle = await openForReading(path)
  const buffer = Buffer.allocUnsafeSlow(PIECE)
  let { crc, offset } = s
  try {
    while (offset < target) {
      signal?.throwIfAborted()
      const read = await readInto(handle, buffer, Math.min(PIECE, target - offset), offset)
      if (read === 0) throw shorter()
      const piece = buffer.subarray(0, read)
      crc = crc32c(piece, crc)
      s.md5.update(piece)
      offset += read
    }
  } finally {
    await handle.close()
  }
  return { offset, crc, md5: s.md5 }
}

/** Resolves once `sink` drains; rejects once it closes or fails first. */
function drained(sink: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      sink.off('drain', onDrain)
      sink.off('close', onClose)
      sink.off('error', onClose)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = (): void => settle()
    const onClose = (): void => settle(new Error('The request closed before the chunk was sent.'))
    sink.on('drain', onDrain)
    sink.on('close', onClose)
    sink.on('error', onClose)
  })
}

/** A chunk's bytes plus the hash state it leaves behind when every byte went through. */
export type ChunkBody = Readonly<{ source: ChunkSource; result: () => HashState | null }>

/**
 * Sends [span.start, span.end] from disk through an optional bandwidth throttle, hashing as bytes pass when
 * the hash state sits exactly at span.start (speculative: adopted only if the server acknowledges the whole
 * chunk). The next piece is read while the current one is hashed and sent, and a piece goes back to a small
 * free list once the socket has it, so memory stays at a few pieces whatever the file size and reading
 * leaves no garbage behind.
 */
export function chunkBody(
  path: string,
  span: ChunkSpan,
  hash: HashState,
  throttle: ((bytes: number) => Promise<void>) | null,
): ChunkBody {
  const speculative = hash.offset === span.start ? { crc: hash.crc, md5: hash.md5.copy(), count: 0 } : null
  const source: ChunkSource = {
    async writeTo(sink, onBytes) {
      const handle = await openForReading(path)
      const free: Buffer[] = []
      const readPiece = async (at: number): Promise<Readonly<{ buffer: Buffer; piece: Buffer }> | null> => {
        if (at > span.end) return null
        const buffer = free.pop() ?? Buffer.allocUnsafeSlow(PIECE)
        const read = await readInto(handle, buffer, Math.min(PIECE, span.end + 1 - at), at)
        if (read === 0) throw shorter()
        return { buffer, piece: buffer.subarray(0, read) }
      }
      let next = readPiece(span.start)
      try {
        for (let at = span.start; ;) {
          const current = await next
          if (!current) break
          at += current.piece.length
          next = readPiece(at)
          next.catch(() => null) // observed at the next turn; a failure must not surface as unhandled before
          if (throttle) await throttle(current.piece.length)
          if (speculative) {
            speculative.crc = crc32c(current.piece, speculative.crc)
            speculative.md5.update(current.piece)
            speculative.count += current.piece.length
          }
          if (sink.destroyed || sink.writableEnded)
            throw new Error('The request closed before the chunk was sent.')
          const flowing = sink.write(current.piece, () => free.push(current.buffer))
          onBytes(current.piece.length)
          if (!flowing) await drained(sink)
        }
      } finally {
        await next.catch(() => null) // never close the file under a read still in flight
        await handle.close()
      }
    },
  }
  return {
    source,
    result: () =>
      speculative && speculative.count === span.length
        ? { offset: span.end + 1, crc: speculative.crc, md5: speculative.md5 }
        : null,
  }
}
