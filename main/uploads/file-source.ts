import { open, stat, type FileHandle } from 'node:fs/promises'
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

/**
 * CRC32C of the bytes [0, offset) of a file, advanced strictly in order. CRC32C is the check GCS itself
 * relies on (ARCHITECTURE.md §9); MD5 is not computed: on this kind of machine it cost 1.3 CPU-seconds per
 * GiB, more than reading, CRC32C and sending together (bench/upload-stages.ts).
 */
export type HashState = Readonly<{ offset: number; crc: number }>

/** The hash state of zero bytes. */
export function emptyHash(): HashState {
  return { offset: 0, crc: 0 }
}

/** Base64 digest as GCS prints it in `x-goog-hash`. */
export function digests(state: HashState): Readonly<{ crc32c: string }> {
  return { crc32c: crc32cToBase64(state.crc) }
}

/**
 * Bytes per read. 1 MiB pieces cost a third of the CPU of 256 KiB ones per GiB (fewer reads, promise
 * turns and socket writes; bench/upload-stages.ts) and a chunk still holds only a few of them at once.
 */
export const PIECE = 1024 * 1024

/** Bytes per write under a bandwidth cap (a slow cap would otherwise hold a whole piece for seconds). */
const THROTTLED_SLICE = 256 * 1024

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
 * Piece buffers nobody uses, shared by every chunk and file of the process: a chunk takes its buffers from
 * here and gives them back, so chunk after chunk reuses the same few MiB instead of leaving each chunk's
 * buffers to the garbage collector (which let B3's peak RSS grow by 7 MiB with 1 MiB pieces). At most
 * IDLE_MAX are kept.
 */
const idle: Buffer[] = []
const IDLE_MAX = 8
const keep = (buffer: Buffer): void => void (idle.length < IDLE_MAX && idle.push(buffer))

/** One piece of a file: its bytes, and `release` to hand the buffer back once nothing uses them any more. */
export type Piece = Readonly<{ bytes: Buffer; release: () => void }>

/**
 * Reads the bytes [start, end] of a file in order, one piece ahead: the next read is in flight while the
 * caller hashes and sends the current piece. Released buffers are reused (see `idle`), so a chunk of any
 * length goes through a few pieces and reading leaves no garbage behind. The file is closed when the loop
 * ends, early or not.
 */
export async function* readPieces(path: string, start: number, end: number): AsyncGenerator<Piece> {
  if (start > end) return
  const handle = await openForReading(path)
  const readAt = async (at: number): Promise<Piece | null> => {
    if (at > end) return null
    const buffer = idle.pop() ?? Buffer.allocUnsafeSlow(PIECE)
    let read: number
    try {
      read = await readInto(handle, buffer, Math.min(PIECE, end + 1 - at), at)
    } catch (caught) {
      keep(buffer)
      throw caught
    }
    if (read === 0) {
      keep(buffer)
      throw shorter()
    }
    let held = true
    const release = (): void => {
      // Once only: a buffer in the idle list twice would be handed to two readers at once.
      if (held) keep(buffer)
      held = false
    }
    return { bytes: buffer.subarray(0, read), release }
  }
  let next = readAt(start)
  try {
    for (let at = start; ;) {
      const current = await next
      if (!current) return
      at += current.bytes.length
      next = readAt(at)
      next.catch(() => null) // observed at the next turn; a failure must not surface as unhandled before
      yield current
    }
  } finally {
    await next.catch(() => null) // never close the file under a read still in flight
    await handle.close()
  }
}

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
  let { crc, offset } = s
  for await (const piece of readPieces(path, offset, target - 1)) {
    signal?.throwIfAborted()
    crc = crc32c(piece.bytes, crc)
    offset += piece.bytes.length
    piece.release()
  }
  return { offset, crc }
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
 * chunk). A piece goes back to the reader once the socket has it, so memory stays at a few pieces whatever
 * the file size.
 */
export function chunkBody(
  path: string,
  span: ChunkSpan,
  hash: HashState,
  throttle: ((bytes: number) => Promise<void>) | null,
): ChunkBody {
  const speculative = hash.offset === span.start ? { crc: hash.crc, count: 0 } : null
  const source: ChunkSource = {
    async writeTo(sink, onBytes) {
      for await (const piece of readPieces(path, span.start, span.end)) {
        const { bytes } = piece
        if (speculative) {
          speculative.crc = crc32c(bytes, speculative.crc)
          speculative.count += bytes.length
        }
        // Under a cap a piece leaves in slices, so a slow cap still moves bytes (and progress) smoothly.
        const step = throttle ? THROTTLED_SLICE : bytes.length
        for (let at = 0; at < bytes.length; at += step) {
          const slice = bytes.subarray(at, at + step)
          if (throttle) await throttle(slice.length)
          if (sink.destroyed || sink.writableEnded)
            throw new Error('The request closed before the chunk was sent.')
          // Socket writes complete in order: the last slice's callback frees the whole piece.
          const flowing = sink.write(slice, at + step >= bytes.length ? piece.release : undefined)
          onBytes(slice.length)
          if (!flowing) await drained(sink)
        }
      }
    },
  }
  return {
    source,
    result: () =>
      speculative && speculative.count === span.length
        ? { offset: span.end + 1, crc: speculative.crc }
        : null,
  }
}
