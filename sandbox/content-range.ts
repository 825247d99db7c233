/** A parsed `Content-Range` request header of a resumable-session PUT. */
export type ContentRange =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  // "bytes */TOTAL" or "bytes */*": a status query (total undefined for the star form).
  | { kind: 'query'; total: number | undefined }
  // "bytes START-END/TOTAL"; END undefined for "START-*" (Google streaming form), TOTAL undefined for a star.
  | { kind: 'data'; start: number; end: number | undefined; total: number | undefined }

const QUERY = /^bytes \*\/(\d+|\*)$/
const DATA = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/

const num = (s: string): number | undefined => (s === '*' ? undefined : Number(s))

/** Parses a Content-Range header the way GCS accepts it, including `*` for unknown end or total. */
export function parseContentRange(header: string | undefined): ContentRange {
  if (header === undefined) return { kind: 'none' }
  const value = header.trim()
  const query = QUERY.exec(value)
  if (query) return { kind: 'query', total: num(query[1]!) }
  const data = DATA.exec(value)
  if (!data) return { kind: 'invalid', reason: `malformed Content-Range "${value}"` }
  const start = Number(data[1])
  const end = num(data[2]!)
  const total = num(data[3]!)
  if (!Number.isSafeInteger(start) || (end !== undefined && !Number.isSafeInteger(end)))
    return { kind: 'invalid', reason: 'Content-Range offsets out of range' }
  if (end !== undefined && end < start) return { kind: 'invalid', reason: 'Content-Range end before start' }
  if (total !== undefined && end !== undefined && end >= total)
    return { kind: 'invalid', reason: 'Content-Range end beyond the total size' }
  return { kind: 'data', start, end, total }
}
