/**
 * Retry timing as pure functions (ARCHITECTURE.md §8.5): the queue passes in the attempt number and a random number,
 * so tests pin every value. "Full jitter" (AWS architecture blog) spreads retries of many files apart.
 */
export type BackoffPolicy = Readonly<{
  baseMs: number
  maxMs: number
  /** Upper bound for a server's Retry-After, so a hostile or buggy header cannot park a job for a day. */
  maxRetryAfterMs: number
}>

/** Defaults for chunk retries: 0.5 s doubling to 30 s; Retry-After honoured up to 5 minutes. */
export const CHUNK_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 300_000 }

/** Defaults for the network probe while waiting for the network: 1 s doubling to 30 s. */
export const PROBE_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, maxRetryAfterMs: 60_000 }

/**
 * Delay before retry number `attempt` (1-based): a random point in [cap/2, cap] where
 * cap = min(maxMs, baseMs·2^(attempt-1)) ("equal jitter": never zero, so a storm is impossible), raised to
 * the server's Retry-After when it asks for longer (capped by maxRetryAfterMs).
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: number,
  retryAfterMs: number | null = null,
): number {
  const n = Math.max(1, Math.floor(attempt))
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30))
  const r = Math.min(Math.max(random, 0), 1)
  const jittered = Math.round(cap / 2 + (cap / 2) * r)
  if (retryAfterMs === null || retryAfterMs <= 0) return jittered
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs))
}

/**
 * Parses an HTTP Retry-After header (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
 * Returns null when absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null
  const trimmed = value.trim()
  if (trimmed === '') return null
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}
