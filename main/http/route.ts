import { fail } from '../../common/ipc/result.ts'

/**
 * URL paths that cannot be steered by what they carry (issue 14 §1). An id from the renderer, the CLI or a
 * server becomes one path segment only after its provider's own shape check, and the client sends a path
 * only when resolving it against the API's base URL changes nothing: no dot segments, no empty segments,
 * no escapes, nothing a URL parser would normalise away.
 */

/** Characters an id segment may hold: unreserved, and no dot, so `.` and `..` cannot be formed. */
const SEGMENT = /^[A-Za-z0-9_~-]+$/

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value)
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text
  return JSON.stringify(cut)
}

/** Returns `value` for use as one path segment when it has the provider's id shape; fails otherwise. */
export function idSegment(value: unknown, label: string, shape: RegExp): string {
  if (typeof value !== 'string' || !SEGMENT.test(value) || !shape.test(value))
    fail('input/invalid', `${preview(value)} is not a valid ${label}.`)
  return value
}

/**
 * Checks a path relative to the API's base URL before it is sent: every segment non-empty and free of
 * dots-only names and escapes, and the resolved URL's path exactly the base path plus this path.
 */
export function assertLiteralPath(baseUrl: string, path: string): string {
  const relative = path.replace(/^\//, '')
  const segments = relative.split('/')
  const bad = segments.find((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._~-]+$/.test(s))
  if (bad !== undefined) fail('input/invalid', `Spool refused to send a request to an unexpected path.`)
  const base = new URL(baseUrl.replace(/\/+$/, '') + '/')
  const resolved = new URL(relative, base)
  if (resolved.origin !== base.origin || resolved.pathname !== base.pathname + relative)
    fail('input/invalid', `Spool refused to send a request to an unexpected path.`)
  return relative
}
