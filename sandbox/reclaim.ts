import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// Request bodies arrive as many short-lived 64 KiB Buffers whose memory lives outside the JS heap. V8 only
// collects them once ~64 MiB of such external memory has piled up, so a single large PUT would raise the
// peak RSS by that much. A young-generation collection every few MiB of ingest frees them at once (it takes
// well under a millisecond). This is the pattern Node's own docs show for `v8.setFlagsFromString`.

type Gc = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void

const EVERY_BYTES = 8 * 1024 * 1024
let gc: Gc | null | undefined
let pending = 0

function collector(): Gc | null {
  if (gc !== undefined) return gc
  try {
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
