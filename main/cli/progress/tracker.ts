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
/** How far back the batch rate looks: long enough to be steady, short enough to follow a change. */
const RATE_WINDOW_MS = 5000

type Entry = { job: UploadJob; sent: number; rate: number | null }

/**
 * The batch as the progress display sees it: every job in the run, what each has sent, and the batch rate
 * over a sliding window. Fed by the service's events; `snapshot(now)` gives the pure layout its state.
 */
export function createTracker(startedAt: number) {
  const entries = new Map<string, Entry>()
  const samples: Array<{ at: number; sent: number }> = []

  const sentOf = (e: Entry): number =>
    e.job.state === 'done' || e.job.state === 'processing' ? e.job.size : Math.min(e.sent, e.job.size)
  // Kept as a running sum: a 10,000-file batch gets progress events many times a second.
  let sentTotal = 0

  return {
    /** A job entered the run or changed state. */
    changed(job: UploadJob): void {
      const known = entries.get(job.id)
      const next: Entry = {
        job,
        sent: Math.max(known?.sent ?? 0, job.bytesAcked),
        rate: job.state === 'uploading' ? (known?.rate ?? null) : null,
      }
      sentTotal += sentOf(next) - (known ? sentOf(known) : 0)
      entries.set(job.id, next)
    },
    /** Bytes moved (acknowledged plus in flight). */
    progressed(p: UploadProgress, now: number): void {
      const e = entries.get(p.id)
      if (!e) return
      const before = sentOf(e)
      e.sent = p.bytesAcked + p.bytesInFlight
      e.rate = p.rate > 0 ? p.rate : e.rate
      sentTotal += sentOf(e) - before
      samples.push({ at: now, sent: sentTotal })
      while (samples.length > 2 && samples[0]!.at < now - RATE_WINDOW_MS) samples.shift()
    },
    has: (id: string): boolean => entries.has(id),
    /** The job as last seen. */
    job: (id: string): UploadJob | undefined => entries.get(id)?.job,
    snapshot(now: number): ProgressState {
      const all = [...entries.values()]
      const count = (s: UploadState): number => all.filter((e) => e.job.state === s).length
      const total = all.reduce((n, e) => n + e.job.size, 0)
      const sent = sentTotal
      const first = samples[0]
      const last = samples[samples.length - 1]
      const span = first && last ? (last.at - first.at) / 1000 : 0
      const rate = span >= 0.5 && first && last ? Math.max(0, (last.sent - first.sent) / span) : null
      const left = all
        .filter((e) => !ENDED.has(e.job.state))
        .reduce((n, e) => n + Math.max(0, e.job.size - sentOf(e)), 0)
      const transfers: Transfer[] = all
        .filter((e) => e.job.state === 'uploading' || e.job.state === 'verifying')
        .map((e) => ({
          name: e.job.name,
          sent: sentOf(e),
          size: e.job.size,
          rate: e.job.state === 'uploading' ? e.rate : null,
          verifying: e.job.state === 'verifying',
        }))
      return {
        files: {
          total: all.length,
          done: count('done'),
          failed: count('failed') + count('cancelled') + count('needs-sign-in'),
          waiting: count('waiting-for-network'),
          processing: count('processing'),
        },
        bytes: { sent, total },
        rate,
        etaSeconds: rate && rate > 0 ? left / rate : left === 0 ? 0 : null,
        elapsedSeconds: (now - startedAt) / 1000,
        transfers,
      }
    },
  }
}
