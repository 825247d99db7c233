import type { Batch, UploadJob } from '../../common/domain/upload.ts'
import type { AppInfo } from '../../common/ipc/channels.ts'
import type { IpcResult } from '../../common/ipc/result.ts'
import { spool } from '../api.ts'
import { countFormatReceived } from '../lib/format.ts'

/**
 * How many of the newest jobs the first screen asks for before the whole queue: more rows than any window shows
 * (34 rows of 64 px fill a screen 2,160 px tall, and the list draws 6 more). Each is checked against the
 * contract (in main) and copied across before the first render, so no more: asking for 200 made the first rows
 * later (B6, 24 cold loads each, alternated: median 332 → 312 ms with 50, 19 of the 24 pairs faster).
 */
export const FIRST_SCREEN_JOBS = 50

/** The two answers the Uploads page paints its first rows from. */
export type FirstScreenCalls = Readonly<{
  batches: Promise<IpcResult<ReadonlyArray<Batch>>>
  firstJobs: Promise<IpcResult<ReadonlyArray<UploadJob>>>
}>

let sent: FirstScreenCalls | null = null
let info: Promise<IpcResult<AppInfo>> | null = null
/** Settles once app:info's answer is in and its way of writing counts taken (resolved when none was sent). */
let countsIn: Promise<void> = Promise.resolve()

/**
 * Asks main for the first screen's jobs and batches now, once: the calls travel while the framework and the
 * store are evaluated and the window mounted, instead of after (B6: the first rows of a 10,000-job queue). No
 * event is missed: main's events are subscribed later in the same task (the bundle is evaluated in one task),
 * before any reply or event can be delivered. app:info goes with them: it says how the user's locale writes
 * counts, which the first screen is full of (lib/format.ts countFormatReceived).
 */
export function sendFirstScreenCalls(): void {
  sent ??= {
    batches: spool().uploads.batches(),
    firstJobs: spool().uploads.list(FIRST_SCREEN_JOBS),
  }
  if (info) return
  info = spool().app.info()
  countsIn = info.then((r) => {
    if (r.ok) countFormatReceived(r.value.countFormat)
  })
}

/** app:info's answer: the one sent with the first screen's calls, once, else a new call. */
export function takeAppInfoCall(): Promise<IpcResult<AppInfo>> {
  const call = info ?? spool().app.info()
  info = null
  return call
}

/** The calls sent early, once (a later opening of the queue asks again), or null when none were sent. */
export function takeFirstScreenCalls(): FirstScreenCalls | null {
  const calls = sent
  sent = null
  return calls
}

/** How long the first render waits for the first screen's answers before it draws the window without them. */
export const FIRST_SCREEN_WAIT_MS = 250

let loaded: () => void = () => {}
const firstScreenIn = new Promise<void>((resolve) => (loaded = resolve))

/** Said by the Uploads page once the first screen's answers are in the store (or failed): see firstScreenReady. */
export function firstScreenLoaded(): void {
  loaded()
}

/**
 * Resolves when the window's first render should start: once the first screen's answers are in the store and
 * main has said how counts are written, so that the first frame already holds the first rows, or after
 * FIRST_SCREEN_WAIT_MS whatever main is doing.
 * Rendering the empty window first and the rows after costs a second render and a second layout, and the
 * answers wait behind the first ones (B6: over ten cold loads in one sitting, the first rows came at a median
 * of 288 ms this way against 338 ms rendering first; nine of the ten pairs were faster). The window is shown
 * at its first paint (main/window/main-window.ts), so the user never sees it empty either. A main that has not
 * answered by FIRST_SCREEN_WAIT_MS has missed B6's 300 ms anyway: the window is drawn without the rows then.
 */
export function firstScreenReady(): Promise<void> {
  return Promise.race([
    Promise.all([firstScreenIn, countsIn]).then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
  ])
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
 * answer (megabytes to check, send and read) must not take the cores, or the first rows wait for it (B6).
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
