import type { UploadProgress } from '../../common/domain/upload.ts'
import { asJobId } from '../../common/domain/ids.ts'
import {
  addSample,
  emptyCoalesced,
  etaSeconds,
  flush,
  offer,
  rateOf,
  type Coalesced,
  type RateSample,
} from './logic/progress.ts'

/** Progress fan-out: raw per-request samples in, at most one batch per interval out (≤ 10/s at 100 ms). */
export type ProgressHub = Readonly<{
  report(id: string, size: number, bytesAcked: number, bytesInFlight: number): void
  subscribe(cb: (batch: ReadonlyArray<UploadProgress>) => void): () => void
  forget(id: string): void
}>

/** Builds the hub; `now` is injectable for tests. */
export function createProgressHub(intervalMs = 100, now: () => number = Date.now): ProgressHub {
  const listeners = new Set<(batch: ReadonlyArray<UploadProgress>) => void>()
  const samples = new Map<string, ReadonlyArray<RateSample>>()
  let state: Coalesced<UploadProgress> = emptyCoalesced()
  let timer: NodeJS.Timeout | null = null

  // Progress never keeps the process alive: a CLI run exits as soon as its jobs end, not one interval later.
  const arm = (ms: number): void => {
    timer = setTimeout(pump, ms)
    timer.unref()
  }
  const pump = (): void => {
    timer = null
    const result = flush(state, now(), intervalMs)
    if ('batch' in result) {
      state = result.state
      for (const cb of listeners) cb(result.batch)
    } else if (result.waitMs !== null) arm(result.waitMs)
  }

  return {
    report(id, size, bytesAcked, bytesInFlight) {
      const moved = bytesAcked + bytesInFlight
      const next = addSample(samples.get(id) ?? [], { at: now(), bytes: moved })
      samples.set(id, next)
      const rate = rateOf(next)
      state = offer(state, id, {
        id: asJobId(id),
        bytesAcked,
        bytesInFlight,
        rate,
        etaSeconds: etaSeconds(size - moved, rate),
      })
      if (!timer && listeners.size > 0) arm(0)
    },
    subscribe(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    forget(id) {
      samples.delete(id)
    },
  }
}
