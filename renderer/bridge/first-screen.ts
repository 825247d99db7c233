import type { Batch, UploadJob } from '../../common/domain/upload.ts'
import type { IpcResult } from '../../common/ipc/result.ts'
import { spool } from '../api.ts'

/** How many of the newest jobs the first screen asks for before the whole queue. */
export const FIRST_SCREEN_JOBS = 200

/** The two answers the Uploads page paints its first rows from. */
export type FirstScreenCalls = Readonly<{
  batches: Promise<IpcResult<ReadonlyArray<Batch>>>
  firstJobs: Promise<IpcResult<ReadonlyArray<UploadJob>>>
}>

let sent: FirstScreenCalls | null = null

/**
 * Asks main for the first screen's jobs and batches now, once: the calls travel while React and the store are
 * evaluated and the window mounted, instead of after (B6: the first rows of a 10,000-job queue). No event is
 * missed: main's events are subscribed later in the same task (the bundle is evaluated in one task), before
 * any reply or event can be delivered.
 */
export function sendFirstScreenCalls(): void {
  sent ??= {
    batches: spool().uploads.batches(),
    firstJobs: spool().uploads.list(FIRST_SCREEN_JOBS),
  }
}

/** The calls sent early, once (a later opening of the queue asks again), or null when none were sent. */
export function takeFirstScreenCalls(): FirstScreenCalls | null {
  const calls = sent
  sent = null
  return calls
}

/** The Element Timing name on a queue row's file name (upload-row.tsx): its first paint is "first rows shown". */
export const QUEUE_ROW_TIMING = 'queue-row'

/** How long the whole queue waits for the first rows to show before it is asked for anyway. */
export const FIRST_ROWS_WAIT_MS = 1000

/** Resolves once the browser has painted what was just rendered and begun the frame after. */
const afterNextPaint = (): Promise<void> =>
  new Promise((resolve) => {
    const frame = globalThis.requestAnimationFrame ?? ((cb: () => void) => setTimeout(cb, 16))
    frame(() => frame(() => setTimeout(resolve, 0)))
  })

/**
 * Resolves once the first rows are on the screen: Chromium reports the frame that showed a row's name (Element
 * Timing), which is later than the frame being drawn when the cores are busy. Until then the whole queue's
 * answer (megabytes to send, parse and check) must not take the cores, or the first rows wait for it (B6).
 * Where Element Timing does not exist, after the next paint; at most FIRST_ROWS_WAIT_MS in any case (a queue
 * whose newest batch is folded away shows no row).
 */
export function firstRowsShown(): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null
    const done = (): void => {
      observer?.disconnect()
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(done, FIRST_ROWS_WAIT_MS)
    if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes('element')) {
      void afterNextPaint().then(done)
      return
    }
    observer = new PerformanceObserver((list) => {
      const named = (e: PerformanceEntry): string | undefined => (e as { identifier?: string }).identifier
      if (list.getEntries().some((e) => named(e) === QUEUE_ROW_TIMING)) done()
    })
    observer.observe({ type: 'element', buffered: true })
  })
}
