import type { StoredHashes } from '../provider.ts'

/**
 * Pure parsing of the GCS resumable protocol's headers (ARCHITECTURE.md §9). Kept apart from the transport so
 * every odd shape is unit-tested.
 */

/**
 * Bytes persisted according to a 308's `Range: bytes=0-N` header: N+1. A 308 without Range means nothing
 * is persisted yet (0) — the SDK bug of treating it as success is exactly what we must not copy.
 * Returns null for a Range that does not start at 0 or cannot be read (a protocol violation).
 */
export function persistedFromRange(range: string | string[] | undefined): number | null {
  if (range === undefined) return 0
  const value = Array.isArray(range) ? range[0] : range
  if (value === undefined || value.trim() === '') return 0
  const m = /^\s*bytes=(\d+)-(\d+)\s*$/i.exec(value)
  if (!m) return null
  if (Number(m[1]) !== 0) return null
  return Number(m[2]) + 1
}

/** The `Content-Range` of a chunk: `bytes FIRST-LAST/TOTAL`. */
export function contentRangeFor(start: number, length: number, total: number): string {
  if (length === 0) return `bytes */${total}`
  return `bytes ${start}-${start + length - 1}/${total}`
}

/** The `Content-Range` of a status query: `bytes *\/TOTAL`. */
export function statusRange(total: number): string {
  return `bytes */${total}`
}

/**
 * Reads `x-goog-hash: crc32c=<b64>,md5=<b64>` (GCS may send it as one header with commas or as several
 * headers). Unknown algorithms are ignored; a missing one is null.
 */
export function parseGoogHash(header: string | string[] | undefined): StoredHashes {
  const parts = (Array.isArray(header) ? header : header === undefined ? [] : [header])
    .flatMap((h) => h.split(','))
    .map((p) => p.trim())
  let crc32c: string | null = null
  let md5: string | null = null
  for (const part of parts) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim().toLowerCase()
    const value = part.slice(eq + 1).trim()
    if (name === 'crc32c' && value) crc32c = value
    if (name === 'md5' && value) md5 = value
  }
  return { crc32c, md5 }
}

/** Whether a session URL is already initiated (has `upload_id=`): then it takes PUTs only (ARCHITECTURE.md §9). */
export function isInitiatedSession(url: string): boolean {
  return /[?&]upload_id=/.test(url)
}

/** HTTP statuses worth retrying on a session (GCS retry strategy: 408, 429, 5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599)
}

/** 404/410 on a session means it expired or was terminated: only a new upload can help. */
export function isSessionGoneStatus(status: number): boolean {
  return status === 404 || status === 410
}
