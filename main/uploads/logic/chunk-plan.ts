/**
 * Chunk planning (pure). GCS wants every non-final chunk to be a multiple of 256 KiB (ARCHITECTURE.md §9);
 * the final chunk carries the rest and states the total.
 */
export const CHUNK_QUANTUM = 256 * 1024

/** Smallest and largest chunk sizes Spool accepts (256 KiB … 512 MiB). */
export const MIN_CHUNK = CHUNK_QUANTUM
export const MAX_CHUNK = 512 * 1024 * 1024

/** Turns a chunk size in MiB (possibly fractional, as from the CLI) into bytes rounded to 256 KiB. */
export function chunkBytesFromMiB(mib: number): number {
  const bytes = Math.round((mib * 1024 * 1024) / CHUNK_QUANTUM) * CHUNK_QUANTUM
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, bytes))
}

/** Whether `bytes` is a chunk size the protocol accepts for non-final chunks. */
export function isValidChunkSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= MIN_CHUNK && bytes <= MAX_CHUNK && bytes % CHUNK_QUANTUM === 0
}

/** One request's byte range: [start, end] inclusive, and whether it finishes the file. */
export type ChunkSpan = Readonly<{ start: number; end: number; length: number; final: boolean }>

/**
 * The next chunk to send when the server has persisted `offset` bytes of `total`. Null when there is
 * nothing left (offset = total; the caller then asks the server, which must say "complete").
 */
export function nextChunk(offset: number, total: number, chunkSize: number): ChunkSpan | null {
  if (!isValidChunkSize(chunkSize))
    throw new RangeError(`chunk size ${chunkSize} is not a multiple of 256 KiB`)
  if (offset < 0 || offset > total) throw new RangeError(`offset ${offset} outside 0..${total}`)
  if (offset === total) return null
  const remaining = total - offset
  if (remaining <= chunkSize) return { start: offset, end: total - 1, length: remaining, final: true }
  // Misaligned offsets cannot be fixed by a shorter chunk (its length must still be a multiple of 256 KiB),
  // so the length stays chunkSize; only the final chunk may be odd.
  return { start: offset, end: offset + chunkSize - 1, length: chunkSize, final: false }
}

/**
 * How one job's chunk sizes move. GCS answers every chunk only once it is persisted, so each chunk costs a
 * round trip plus the server's commit time (ARCHITECTURE.md §9): small chunks waste a fast link, large ones make
 * a slow link's chunk last long (pause, progress and retries all wait on it). Automatic sizing starts at
 * 16 MiB (FastPix's own default) and, after a chunk that went through in under CHUNK_FAST_MS, grows toward
 * a chunk that would last CHUNK_FAST_MS: by that ratio, at least doubling and at most ×MAX_GROWTH; it halves
 * after one that took over CHUNK_SLOW_MS, within [min, max]. A pinned size has min = start = max.
 */
export type ChunkSizing = Readonly<{ start: number; min: number; max: number }>

const MiB = 1024 * 1024
/**
 * Automatic sizing starts inside the 8–64 MiB that ARCHITECTURE.md §9 recommends and grows until a chunk lasts
 * CHUNK_FAST_MS or more: each chunk pays a round trip plus the server's commit, about 0.1–0.3 s on a real
 * link, which is 5–10 % of a 2-second chunk (at 100 Mbit/s and 40 ms, 32 MiB chunks left Spool at 0.93 of
 * the link) and about 1 % of a 15-second one. A 100 Mbit/s link goes from 16 MiB (1.3 s) straight to about
 * 180 MiB and then holds or doubles once; a faster one (loopback) jumps from 16 MiB to 512 MiB, the largest
 * chunk Spool sends, so a 1 GiB file takes three requests (16 + 512 + the rest) instead of the eight that
 * doubling from 16 MiB to 256 MiB took. Each request boundary idles the link while the server commits, about
 * 12 ms on loopback (bench/results.md, throughput-stages). Long chunks cost nothing else: memory does not
 * depend on the chunk size (bodies stream from disk), progress counts bytes as they leave, pause and cancel
 * abort the request in flight, the server keeps what it persisted of an interrupted chunk, and a failure
 * resets the size to `start`.
 * CHUNK_SLOW_MS is four times CHUNK_FAST_MS so that a grown chunk is never halved straight back.
 */
export const AUTO_CHUNK_SIZING: ChunkSizing = { start: 16 * MiB, min: 8 * MiB, max: MAX_CHUNK }
/** A chunk faster than this makes the next one larger. */
export const CHUNK_FAST_MS = 15_000
/**
 * The most the next chunk grows by at once: enough for the first 16 MiB to lead to the largest chunk. A short
 * chunk still measures the whole path (the server answers once it has persisted every byte), so trusting it
 * costs at most one long chunk on a link that then slows, which halves the size after it.
 */
export const MAX_GROWTH = 32
/** A chunk slower than this halves the next one. */
export const CHUNK_SLOW_MS = 60_000

/** The sizing for a setting: a pinned size in MiB, or null for automatic. */
export function chunkSizingFor(chunkSizeMiB: number | null): ChunkSizing {
  if (chunkSizeMiB === null) return AUTO_CHUNK_SIZING
  const bytes = chunkBytesFromMiB(chunkSizeMiB)
  return { start: bytes, min: bytes, max: bytes }
}

/** The size of the chunk after a whole chunk of `current` bytes went through in `elapsedMs`. */
export function adaptChunkSize(current: number, elapsedMs: number, sizing: ChunkSizing): number {
  if (elapsedMs < CHUNK_FAST_MS) {
    const growth = Math.min(MAX_GROWTH, Math.max(2, CHUNK_FAST_MS / Math.max(1, elapsedMs)))
    return Math.min(sizing.max, Math.floor((current * growth) / CHUNK_QUANTUM) * CHUNK_QUANTUM)
  }
  if (elapsedMs > CHUNK_SLOW_MS)
    return Math.max(sizing.min, Math.floor(current / 2 / CHUNK_QUANTUM) * CHUNK_QUANTUM)
  return current
}

/** Every chunk of a file from `offset`, for tests and for the bench's expectations. */
export function planChunks(offset: number, total: number, chunkSize: number): ReadonlyArray<ChunkSpan> {
  const out: ChunkSpan[] = []
  let at = offset
  for (;;) {
    const span = nextChunk(at, total, chunkSize)
    if (!span) return out
    out.push(span)
    at = span.end + 1
  }
}
