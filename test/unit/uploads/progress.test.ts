import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  addSample,
  emptyCoalesced,
  etaSeconds,
  flush,
  offer,
  rateOf,
  SAMPLE_SPACING_MS,
} from '../../../main/uploads/logic/progress.ts'
import { createProgressHub } from '../../../main/uploads/progress-hub.ts'
import type { UploadProgress } from '../../../common/domain/upload.ts'

describe('rate and ETA', () => {
  test('rate over the window; old samples dropped', () => {
    let s = addSample([], { at: 0, bytes: 0 })
    s = addSample(s, { at: 1000, bytes: 1000 })
    expect(rateOf(s)).toBe(1000)
    s = addSample(s, { at: 5500, bytes: 4000 })
    expect(s).toHaveLength(2) // the 0-ms sample fell out of the 5 s window
    expect(rateOf(s)).toBeCloseTo(3000 / 4.5)
  })
  test('a sample going backwards (server offset moved back) restarts the window', () => {
    const s = addSample([{ at: 0, bytes: 5000 }], { at: 100, bytes: 1000 })
    expect(s).toEqual([{ at: 100, bytes: 1000 }])
    expect(rateOf(s)).toBe(0)
  })
  test('samples closer than the spacing replace the newest: the window stays small at any report rate', () => {
    let s: ReturnType<typeof addSample> = []
    // One report per millisecond for 5 s at 1 byte/ms, as a fast chunk reports every 256 KiB piece.
    for (let at = 0; at <= 5000; at++) s = addSample(s, { at, bytes: at })
    expect(s.length).toBeLessThanOrEqual(5000 / SAMPLE_SPACING_MS + 2)
    expect(s.length).toBeGreaterThanOrEqual(5000 / SAMPLE_SPACING_MS - 1)
    expect(s[s.length - 1]).toEqual({ at: 5000, bytes: 5000 }) // the newest report always stands
    expect(rateOf(s)).toBeCloseTo(1000)
    for (let i = 1; i < s.length - 1; i++)
      expect(s[i]!.at - s[i - 1]!.at).toBeGreaterThanOrEqual(SAMPLE_SPACING_MS)
  })
  test('eta', () => {
    expect(etaSeconds(1000, 0)).toBeNull()
    expect(etaSeconds(1000, 300)).toBe(4)
  })
})

describe('coalescing (pure)', () => {
  test('latest sample per key wins; at most one batch per interval', () => {
    let st = emptyCoalesced<number>()
    st = offer(st, 'a', 1)
    st = offer(st, 'a', 2)
    st = offer(st, 'b', 3)
    const first = flush(st, 1000, 100)
    expect('batch' in first && first.batch).toEqual([2, 3])
    if (!('batch' in first)) throw new Error('expected a batch')
    const later = offer(first.state, 'a', 4)
    expect(flush(later, 1050, 100)).toEqual({ waitMs: 50 })
    expect(flush(first.state, 2000, 100)).toEqual({ waitMs: null })
  })
})

describe('progress hub', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
  test('1,000 samples from 5 jobs over 1 s become ≤ 10 batches', () => {
    const hub = createProgressHub(100) // Date.now is faked with the timers
    const batches: Array<ReadonlyArray<UploadProgress>> = []
    hub.subscribe((b) => batches.push(b))
    for (let i = 0; i < 1000; i++) {
      hub.report(`job${i % 5}`, 10_000, i, 1)
      vi.advanceTimersByTime(1)
    }
    vi.advanceTimersByTime(200)
    expect(batches.length).toBeLessThanOrEqual(11)
    expect(batches.length).toBeGreaterThanOrEqual(9)
    expect(batches.every((b) => b.length <= 5)).toBe(true)
    const last = batches.at(-1)!.find((p) => p.id === 'job4')!
    expect(last.bytesAcked).toBe(999)
  })
})

describe('progress hub timers', () => {
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))
  // The hub's own timer is looked at, not the process's count of timers: that count also holds the test
  // runner's, which came and went within the test on a busy machine (seen in a full check).
  test('a batch waiting for its interval does not keep the process alive', async () => {
    const armed = vi.spyOn(globalThis, 'setTimeout')
    try {
      const hub = createProgressHub(10_000)
      const batches: Array<ReadonlyArray<UploadProgress>> = []
      hub.subscribe((b) => batches.push(b))
      hub.report('a', 100, 10, 0)
      await settle()
      expect(batches).toHaveLength(1) // the first report goes out at once
      hub.report('a', 100, 20, 0) // the next waits for the rest of the 10 s interval, on a timer
      await settle()
      expect(batches).toHaveLength(1)
      const waits = armed.mock.calls.flatMap((call, i) =>
        Number(call[1]) > 1_000 ? [armed.mock.results[i]!.value as NodeJS.Timeout] : [],
      )
      expect(waits).toHaveLength(1)
      expect(waits[0]!.hasRef()).toBe(false) // unref'd: a CLI run exits once its jobs end
    } finally {
      armed.mockRestore()
    }
  })
})
