import {
  EVENTS,
  type EventChannel,
  type EventContract,
  type UploadsChanged,
} from '../../common/ipc/contract.ts'
import { describeIssues } from '../../common/ipc/schemas.ts'
import type { JobId } from '../../common/domain/ids.ts'
import type { UploadJob, UploadProgress } from '../../common/domain/upload.ts'
import { createLogger } from '../logging/log.ts'

const log = createLogger('ipc')

/** Sends one event to the UI (webContents.send in the app, page.evaluate in the e2e harness). */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventContract[E]) => void

/** A typed main → renderer emitter. Queue events are coalesced; the rest go out at once. */
export type EventEmitter = Readonly<{
  emit<E extends EventChannel>(channel: E, payload: EventContract[E]): void
  /** Sends whatever is pending now (tests; before the window closes). */
  flush(): void
  dispose(): void
}>

/** Clock seam for the coalescing timer. */
export type Timers = Readonly<{
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}>

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/**
 * The sink behind a check of each payload against its channel's schema (common/ipc/contract.ts): the payload
 * leaves as the schema parsed it (what it does not name is stripped, in main); one the schema refuses is a
 * defect of main's own, logged (the issues' paths, not the values) and not sent.
 */
export function checkedSink(sink: EventSink): EventSink {
  return (channel, payload) => {
    const checked = EVENTS[channel].payload.safeParse(payload)
    if (checked.success) sink(channel, checked.data as EventContract[typeof channel])
    else
      log.error('an event broke the contract and was not sent', {
        channel,
        detail: describeIssues(checked.error),
      })
  }
}

/**
 * Coalesces `uploads:progress` (latest sample per job) and `uploads:changed` (latest job per id, removals
 * win over earlier upserts) into at most one event of each per `intervalMs` (ARCHITECTURE.md §3: ≤ 10 a second),
 * so a 10,000-file batch cannot flood the renderer. Every event is checked on its way out (checkedSink).
 */
export function createEventEmitter(
  unchecked: EventSink,
  intervalMs = 100,
  timers: Timers = realTimers,
): EventEmitter {
  const sink = checkedSink(unchecked)
  let progress = new Map<JobId, UploadProgress>()
  let upserted = new Map<JobId, UploadJob>()
  let removed = new Set<JobId>()
  let timer: unknown = null
  let disposed = false

  const flush = (): void => {
    if (timer !== null) timers.clearTimeout(timer)
    timer = null
    if (upserted.size > 0 || removed.size > 0) {
      const changed: UploadsChanged = { upserted: [...upserted.values()], removed: [...removed] }
      upserted = new Map()
      removed = new Set()
      sink('uploads:changed', changed)
    }
    if (progress.size > 0) {
      const samples = [...progress.values()]
      progress = new Map()
      sink('uploads:progress', samples)
    }
  }
  const schedule = (): void => {
    if (timer === null && !disposed) timer = timers.setTimeout(flush, intervalMs)
  }

  return {
    emit(channel, payload) {
      if (disposed) return
      if (channel === 'uploads:progress') {
        for (const p of payload as EventContract['uploads:progress']) progress.set(p.id, p)
        schedule()
      } else if (channel === 'uploads:changed') {
        const c = payload as UploadsChanged
        for (const job of c.upserted) {
          upserted.set(job.id, job)
          removed.delete(job.id)
        }
        for (const id of c.removed) {
          removed.add(id)
          upserted.delete(id)
          progress.delete(id)
        }
        schedule()
      } else {
        sink(channel, payload)
      }
    },
    flush,
    dispose() {
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
      disposed = true
    },
  }
}
