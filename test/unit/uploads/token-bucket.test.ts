import { describe, expect, test } from 'vitest'
import { createBucket, refill, take } from '../../../main/uploads/logic/token-bucket.ts'

describe('token bucket', () => {
  test('a full bucket lets a burst of one second through without waiting', () => {
    const b = createBucket(1_000_000, 0)
    expect(take(b, 1_000_000, 0).waitMs).toBe(0)
  })
  test('debt makes the next taker wait proportionally', () => {
    const b = createBucket(1_000_000, 0)
    const first = take(b, 1_000_000, 0)
    const second = take(first.bucket, 500_000, 0)
    expect(second.waitMs).toBe(500)
  })
  test('refills with time, never above capacity', () => {
    const b = take(createBucket(100_000, 0), 100_000, 0).bucket
    expect(refill(b, 500).tokens).toBeCloseTo(50_000)
    expect(refill(b, 60_000).tokens).toBe(100_000)
  })
  test('small rates still get a 64 KiB burst (one read buffer)', () => {
    expect(createBucket(1000, 0).capacity).toBe(65_536)
  })
  test('long-run throughput equals the rate', () => {
    let b = createBucket(1_000_000, 0)
    let now = 0
    for (let i = 0; i < 100; i++) {
      const r = take(b, 262_144, now)
      b = r.bucket
      now += r.waitMs
    }
    // 100 × 256 KiB = 26.2 MB at 1 MB/s, minus the initial 1 MB burst.
    expect(now / 1000).toBeGreaterThan(24)
    expect(now / 1000).toBeLessThan(26)
  })
})
