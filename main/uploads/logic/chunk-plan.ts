/**
 * Chunk planning (pure). GCS wants every non-final chunk to be a multiple of 256 KiB (NOTES.md §11.3 #3);
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
