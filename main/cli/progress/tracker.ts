import type { UploadJob, UploadProgress, UploadState } from '../../../common/domain/upload.ts'
import type { ProgressState, Transfer } from './layout.ts'

/** States after which a job's bytes no longer move in this run. */
const ENDED: ReadonlySet<UploadState> = new Set([
  'done',
  'failed',
  'cancelled',
  'needs-sign-in',
  'processing',
])
/** How far back a rate looks: long enough to be steady, short enough to follow a change. */
const RATE_WINDOW_MS = 5000
/** A rate is shown once it has been measured over at least this long. */
const MIN_SPAN_MS = 1000

type Sample = { at: number; sent: number }
type Entry = { job: UploadJob; sent: number; samples: Sample[] }

/** Adds a sample and drops those older than the window (keeping one at or before its start). */
function push(samples: Sample[], sample: Sample): void {
  samples.push(sample)
  while (samples.length > 2 && samples[1]!.at <= sample.at - RATE_WINDOW_MS) samples.shift()
}

/**
 * Bytes per second over the window, measured up to `now` rather than to the last sample: a transfer whose
 * bytes stopped moving (a burst into the socket's buffer, then the wait for the server) slows down on
 * screen instead of keeping the speed of its burst. Null until measured for a second.
 */
function rateAt(samples: ReadonlyArray<Sample>, now: number): number | null {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (!first || !last || now - first.at < MIN_SPAN_MS) return null
  return Math.max(0, ((last.sent - first.sent) * 1000) / (now - first.at))
}

/**
 * The batch as the progress display sees it: every job in the run, what each has sent, and the rates over a
 * sliding window. Fed by the service's events; `snapshot(now)` gives the pure layout its state.
 */
export function createTracker(startedAt: number) {
  const entries = new Map<string, Entry>()
  const batch: Sample[] = []

  const sentOf = (e: Entry): number =>
    e.job.state === 'done' || e.job.state === 'processing' ? e.job.size : Math.min(e.sent, e.job.size)
  // Kept as a running sum: a 10,000-file batch gets progress events many times a second.
  let sentTotal = 0

  return {
    /** A job entered the run or changed state. */
    changed(job: UploadJob, now: number): void {
      const known = entries.get(job.id)
      const next: Entry = {
        job,
        sent: Math.max(known?.sent ?? 0, job.bytesAcked),
        samples: job.state === 'uploading' ? (known?.samples ?? []) : [],
      }
      if (job.state === 'uploading' && next.samples.length === 0)
        push(next.samples, { at: now, sent: next.sent })
      sentTotal += sentOf(next) - (known ? sentOf(known) : 0)
      entries.set(job.id, next)
      if (batch.length === 0) push(batch, { at: now, sent: sentTotal })
    },
    /** Bytes moved (acknowledged plus in flight). */
    progressed(p: UploadProgress, now: number): void {
      const e = entries.get(p.id)
      if (!e) return
      const before = sentOf(e)
      e.sent = p.bytesAcked + p.bytesInFlight
      sentTotal += sentOf(e) - before
      push(e.samples, { at: now, sent: e.sent })
      push(batch, { at: now, sent: sentTotal })
    },
    has: (id: string): boolean => entries.has(id),
    /** The job as last seen. */
    job: (id: string): UploadJob | undefined => entries.get(id)?.job,
    snapshot(now: number): ProgressState {
      const all = [...entries.values()]
      const count = (s: UploadState): number => all.filter((e) => e.job.state === s).length
      const total = all.reduce((n, e) => n + e.job.size, 0)
      const rate = rateAt(batch, now)
      const left = all
        .filter((e) => !ENDED.has(e.job.state))
        .reduce((n, e) => n + Math.max(0, e.job.size - sentOf(e)), 0)
      const transfers: Transfer[] = all
        .filter((e) => e.job.state === 'uploading' || e.job.state === 'verifying')
        .map((e) => ({
          name: e.job.name,
          sent: sentOf(e),
          size: e.job.size,
          rate: e.job.state === 'uploading' ? rateAt(e.samples, now) : null,
          verifying: e.job.state === 'verifying',
          retrying: e.job.state === 'uploading' && e.job.error !== null,
        }))
      return {
        files: {
          total: all.length,
          done: count('done'),
          failed: count('failed') + count('cancelled') + count('needs-sign-in'),
          waiting: count('waiting-for-network'),
          processing: count('processing'),
        },
        bytes: { sent: sentTotal, total },
        rate,
        etaSeconds: rate && rate > 0 ? left / rate : left === 0 ? 0 : null,
        elapsedSeconds: (now - startedAt) / 1000,
        transfers,
      }
    },
  }
}
