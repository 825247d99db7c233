import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createHash, type Hash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { crc32c } from '@node-rs/crc32'
import { AppFailure, appError } from '../../common/ipc/result.ts'
import type { ChunkSpan } from './logic/chunk-plan.ts'
import { crc32cToBase64 } from '../providers/fastpix/gcs-headers.ts'
import { fsReason } from './scanner.ts'
import { reclaimAfter } from '../util/reclaim.ts'

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
  let s = state.offset <= target ? state : emptyHash()
  if (s.offset === target) return s
  const stream = createReadStream(path, { start: s.offset, end: target - 1, highWaterMark: 1 << 20, signal })
  let crc = s.crc
  const md5 = s.md5
  let read = 0
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      reclaimAfter(piece.length)
      crc = crc32c(piece, crc)
      md5.update(piece)
      read += piece.length
    }
  } catch (caught) {
    if ((caught as { name?: string }).name === 'AbortError') throw caught
    throw new AppFailure(fsReason(caught))
  }
  if (s.offset + read !== target)
    throw new AppFailure(
      appError('upload/source-changed', 'The file became shorter while Spool was reading it.'),
    )
  s = { offset: target, crc, md5 }
  return s
}

/** A chunk's body stream plus the hash state it leaves behind when every byte went through. */
export type ChunkBody = Readonly<{ stream: Readable; result: () => HashState | null }>

/**
 * Streams [span.start, span.end] from disk through an optional bandwidth throttle, hashing as bytes pass
 * when the hash state sits exactly at span.start (speculative: adopted only if the server acknowledges the
 * whole chunk). Memory stays at a few stream buffers whatever the file size.
 */
export function chunkBody(
  path: string,
  span: ChunkSpan,
  hash: HashState,
  throttle: ((bytes: number) => Promise<void>) | null,
): ChunkBody {
  const speculative = hash.offset === span.start ? { crc: hash.crc, md5: hash.md5.copy(), count: 0 } : null
  const source = createReadStream(path, { start: span.start, end: span.end, highWaterMark: 256 * 1024 })
  const tap = new Transform({
    transform(piece: Buffer, _enc, done) {
      const go = (): void => {
        reclaimAfter(piece.length)
        if (speculative) {
          speculative.crc = crc32c(piece, speculative.crc)
          speculative.md5.update(piece)
          speculative.count += piece.length
        }
        done(null, piece)
      }
      if (throttle) throttle(piece.length).then(go, (e: unknown) => done(e as Error))
      else go()
    },
    flush(done) {
      if (speculative && speculative.count !== span.length)
        return done(
          new AppFailure(appError('upload/source-changed', 'The file became shorter while uploading.')),
        )
      done()
    },
  })
  source.on('error', (e) => tap.destroy(new AppFailure(fsReason(e))))
  tap.on('close', () => source.destroy())
  source.pipe(tap)
  return {
    stream: tap,
    result: () =>
      speculative && speculative.count === span.length
        ? { offset: span.end + 1, crc: speculative.crc, md5: speculative.md5 }
        : null,
  }
}
