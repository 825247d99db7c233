/**
 * How old the library cache may get before a list refreshes it (issue 14 §3), and how its age is shown. Pure:
 * the caller passes the clock.
 */

/** A cached library older than this is refreshed before (CLI) or while (app) it is shown. */
export const LIBRARY_MAX_AGE_MS = 10 * 60_000

/**
 * Whether the cache must be refreshed: never filled, older than `maxAgeMs`, or older than the account's most
 * recent upload that reached the library (its media is not in the cache yet).
 */
export function needsRefresh(
  refreshedAt: string | null,
  lastDeliveredAt: string | null,
  now: number,
  maxAgeMs = LIBRARY_MAX_AGE_MS,
): boolean {
  if (refreshedAt === null) return true
  const at = Date.parse(refreshedAt)
  if (Number.isNaN(at) || now - at > maxAgeMs) return true
  return lastDeliveredAt !== null && lastDeliveredAt > refreshedAt
}

/** "just now", "4 min ago", "3 h ago", or the date: when the data shown is from. */
export function describeAge(refreshedAt: string | null, now: number): string {
  if (refreshedAt === null) return 'never refreshed'
  const at = Date.parse(refreshedAt)
  if (Number.isNaN(at)) return 'at an unknown time'
  const seconds = Math.max(0, Math.round((now - at) / 1000))
  if (seconds < 60) return 'just now'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return `on ${refreshedAt.slice(0, 10)}`
}
