import { describe, expect, it } from 'vitest'
import { Throttle } from '../../../sandbox/throttle.ts'

const PIECE = 64 * 1024

/**
 * A simulated clock: every sleep ends `lateMs` after it should (as timers do on a busy machine) and each
 * piece costs the handler `workMs` of its own. Returns the simulated seconds `total` bytes took.
 */
async function pass(rate: number, total: number, lateMs: number, workMs: number): Promise<number> {
  let now = 1_000_000
  const throttle = new Throttle({
    now: () => now,
    sleep: (ms) => {
      now += ms + lateMs
      return Promise.resolve()
    },
  })
  throttle.setRate(rate)
  const started = now
  for (let sent = 0; sent < total; sent += PIECE) {
    await throttle.take(PIECE)
    now += workMs
  }
  return (now - started) / 1000
}

describe('sandbox throttle', () => {
  it('holds a high rate when every timer fires late (100 Mbit/s in 64 KiB pieces, 5 ms each)', async () => {
    const rate = 12_500_000
    const total = 2000 * PIECE // 131 MB: 10.5 s at the rate
    const achieved = total / (await pass(rate, total, 2, 0.5))
    expect(achieved).toBeGreaterThan(0.99 * rate)
    expect(achieved).toBeLessThan(1.01 * rate)
  })

  it('never lets more through than the rate plus a short catch-up after an idle start', async () => {
    const total = 200 * PIECE // 13 MB: 13.1 s at 1 MB/s
    const seconds = await pass(1_000_000, total, 0, 0)
    expect(seconds).toBeGreaterThan(13.1 - 0.05 - 0.01)
    expect(seconds).toBeLessThan(13.1 + 0.01)
  })
})
