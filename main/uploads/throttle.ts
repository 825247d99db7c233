import { createBucket, take, type Bucket } from './logic/token-bucket.ts'
import type { Clock } from './job-runner.ts'

/**
 * The global bandwidth cap shared by every upload: one token bucket, read from the settings on each call so
 * a changed cap applies at once. Waits are plain timers (no abort needed: each wait is at most one read
 * buffer's worth at the capped rate).
 */
export function createThrottle(
  cap: () => number | null,
  clock: Pick<Clock, 'now'>,
): (bytes: number) => Promise<void> {
  let bucket: Bucket | null = null
  return async (bytes) => {
    const rate = cap()
    if (!rate || rate <= 0) return
    const now = clock.now()
    if (!bucket || bucket.rate !== rate) bucket = createBucket(rate, now)
    const result = take(bucket, bytes, now)
    bucket = result.bucket
    if (result.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, result.waitMs))
  }
}
