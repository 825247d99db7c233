import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Request bodies arrive as many short-lived 64 KiB Buffers whose memory lives outside the JS heap. V8 only
// collects them once ~64 MiB of such external memory has piled up, so a single large PUT would raise the
// peak RSS by that much. A young-generation collection every few MiB of ingest frees them at once (it takes
// well under a millisecond). This is the pattern Node's own docs show for `v8.setFlagsFromString`.
//
// Those collections keep the young generation nearly empty, and V8 then sizes the old generation's headroom
// (limit minus live size) at about the young generation's capacity. Incremental marking starts whenever the
// headroom is below that capacity, so in about half of the B2 benchmark's runs (4 streams of 8 MiB PUTs)
// the sandbox fell into back-to-back full collections, ~8 a second, each freeing almost nothing (12.5 →
// 12.4 MB) and together costing a third of its CPU. A fixed growing factor of 3× (live ~13 MB → limit
// ~40 MB plus the young generation) leaves headroom above the young generation's 16–32 MB: in the same runs
// the sandbox then did 0 or 1 full collection. `fullGcCount()` exposes the count in `/_sandbox/stats`.

type Gc = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void

const EVERY_BYTES = 8 * 1024 * 1024
/** Old-generation growth after a full collection, in percent of the live size (V8's own factor is dynamic). */
const HEAP_GROWING_PERCENT = 200
let gc: Gc | null | undefined
let pending = 0

function collector(): Gc | null {
  if (gc !== undefined) return gc
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
    setFlagsFromString('--expose-gc')
    gc = runInNewContext('gc') as Gc
  } catch {
    gc = null
  }
  return gc
}

/** Counts ingested bytes and runs a minor GC every 8 MiB so body buffers never pile up. */
export function reclaimAfter(bytes: number): void {
  pending += bytes
  if (pending < EVERY_BYTES) return
  pending = 0
  collector()?.({ type: 'minor' })
}

let fullGcs = 0
let observer: PerformanceObserver | undefined

/** Starts counting this process's full (mark-compact) collections; idempotent. */
export function watchFullGcs(): void {
  if (observer) return
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as ReadonlyArray<PerformanceEntry & { detail?: { kind?: number } }>)
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++
  })
  observer.observe({ entryTypes: ['gc'] })
}

/** Full collections of this process since `watchFullGcs()` (the whole process when the sandbox is embedded). */
export function fullGcCount(): number {
  return fullGcs
}
