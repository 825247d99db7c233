/**
 * Progress arithmetic (pure): a per-job rate over a sliding window and the ETA derived from it, plus the
 * coalescing decision (at most one batch per interval, latest sample per job wins).
 */
export type RateSample = Readonly<{ at: number; bytes: number }>

/** Window over which the rate is measured: long enough to smooth chunk boundaries, short enough to react. */
export const RATE_WINDOW_MS = 5_000

/**
 * Kept samples are at least this far apart (the newest one excepted): a fast upload reports every 256 KiB,
 * hundreds of times a second, and the window must stay a few dozen entries, not thousands.
 */
export const SAMPLE_SPACING_MS = 100

/**
 * Adds a sample (total bytes moved for a job at time `at`) and drops those older than the window. The newest
 * sample is provisional: the next one replaces it unless it lies `spacingMs` or more after its predecessor.
 */
export function addSample(
  samples: ReadonlyArray<RateSample>,
  sample: RateSample,
  windowMs = RATE_WINDOW_MS,
  spacingMs = SAMPLE_SPACING_MS,
): ReadonlyArray<RateSample> {
  const kept = samples.filter((s) => sample.at - s.at <= windowMs && s.bytes <= sample.bytes)
  const previous = kept[kept.length - 2]
  const newest = kept[kept.length - 1]
  if (previous && newest && newest.at - previous.at < spacingMs) kept.pop()
  return [...kept, sample]
}

/** Bytes per second across the samples (0 when fewer than two or no time elapsed). */
export function rateOf(samples: ReadonlyArray<RateSample>): number {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (!first || !last || last.at <= first.at) return 0
  return ((last.bytes - first.bytes) * 1000) / (last.at - first.at)
}

/** Seconds left at `rate`, or null when the rate is unknown. */
export function etaSeconds(remaining: number, rate: number): number | null {
  if (rate <= 0) return null
  return Math.max(0, Math.ceil(remaining / rate))
}

/** Coalescer state: latest pending sample per key and when the last batch went out. */
export type Coalesced<T> = Readonly<{ pending: ReadonlyMap<string, T>; lastEmitAt: number }>

/** An empty coalescer that may emit at once. */
export function emptyCoalesced<T>(): Coalesced<T> {
  return { pending: new Map(), lastEmitAt: Number.NEGATIVE_INFINITY }
}

/** Records `value` for `key` (replacing an older pending one). */
export function offer<T>(state: Coalesced<T>, key: string, value: T): Coalesced<T> {
  const pending = new Map(state.pending)
  pending.set(key, value)
  return { ...state, pending }
}

/**
 * Decides whether a batch may go out at `now`: returns the batch and the new state, or the delay until
 * one may. Nothing pending → no batch and no delay (null).
 */
export function flush<T>(
  state: Coalesced<T>,
  now: number,
  intervalMs: number,
): Readonly<{ batch: ReadonlyArray<T>; state: Coalesced<T> }> | Readonly<{ waitMs: number | null }> {
  if (state.pending.size === 0) return { waitMs: null }
  const due = state.lastEmitAt + intervalMs
  if (now < due) return { waitMs: due - now }
  return { batch: [...state.pending.values()], state: { pending: new Map(), lastEmitAt: now } }
}
