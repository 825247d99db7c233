/**
 * A token bucket as a pure value (functional core): the caller passes the time in. Used for the optional
 * global bandwidth cap shared by every upload. Capacity = one second of rate (at least 64 KiB), so a cap
 * smooths bursts without starving small writes.
 */
export type Bucket = Readonly<{ rate: number; capacity: number; tokens: number; at: number }>

/** A full bucket for `rate` bytes per second at time `now` (ms). */
export function createBucket(rate: number, now: number): Bucket {
  const capacity = Math.max(64 * 1024, rate)
  return { rate, capacity, tokens: capacity, at: now }
}

/** The bucket refilled up to `now`. */
export function refill(bucket: Bucket, now: number): Bucket {
  const elapsed = Math.max(0, now - bucket.at)
  const tokens = Math.min(bucket.capacity, bucket.tokens + (elapsed * bucket.rate) / 1000)
  return { ...bucket, tokens, at: Math.max(bucket.at, now) }
}

/**
 * Takes `n` bytes' worth of tokens at `now`. Returns the new bucket and how long to wait (ms) before the
 * bytes may go: tokens may go negative (debt), which makes later takers wait proportionally — fair enough
 * with one chunk in flight per file.
 */
export function take(bucket: Bucket, n: number, now: number): Readonly<{ bucket: Bucket; waitMs: number }> {
  const b = refill(bucket, now)
  const tokens = b.tokens - n
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / b.rate)
  return { bucket: { ...b, tokens }, waitMs }
}
