import type { UploadJob, UploadProgress, UploadState } from '../../common/domain/upload.ts'
import { assertNever } from '../../common/util/assert-never.ts'

/**
 * The counters the Uploads page shows. Every state belongs to exactly one of them, so the counters always
 * add up to the number of files (cancelled and queued included).
 */
export type UploadBucket =
  'queued' | 'uploading' | 'processing' | 'done' | 'paused' | 'waiting' | 'failed' | 'cancelled'

/** The buckets in the order the page prints them. */
export const UPLOAD_BUCKETS: ReadonlyArray<UploadBucket> = [
  'queued',
  'uploading',
  'processing',
  'done',
  'paused',
  'waiting',
  'failed',
  'cancelled',
]

/** The counter a job in `state` counts towards (exhaustive: a new state fails to compile until placed). */
export function bucketOf(state: UploadState): UploadBucket {
  switch (state) {
    case 'queued':
      return 'queued'
    case 'preparing':
    case 'uploading':
    case 'verifying':
      return 'uploading'
    case 'processing':
      return 'processing'
    case 'done':
      return 'done'
    case 'paused':
      return 'paused'
    case 'waiting-for-network':
    case 'needs-sign-in':
      return 'waiting'
    case 'failed':
      return 'failed'
    case 'cancelled':
      return 'cancelled'
    default:
      return assertNever(state, 'upload state')
  }
}

/** Sums over a set of jobs: the whole queue (the strip on top) or one batch (its header). */
export type UploadSummary = Readonly<{
  files: number
  counts: Readonly<Record<UploadBucket, number>>
  /** Bytes of every file that is still meant to arrive (cancelled files are not counted). */
  bytesTotal: number
  /** Bytes the server acknowledged of those (delivered files count whole). */
  bytesSent: number
  /** Combined rate of the files moving bytes now (bytes/s). */
  rate: number
  /** Seconds until the queued, moving and waiting files are sent at that rate, or null when nothing moves. */
  etaSeconds: number | null
  /** Nothing left to do: every file is delivered, failed or cancelled. */
  finished: boolean
  /** Files being prepared or sent that have not reported a rate yet (the speed is being measured). */
  measuring: number
  /** Files waiting for the account to be signed in again (not for the network). */
  needsSignIn: number
}>

const zeroCounts = (): Record<UploadBucket, number> => ({
  queued: 0,
  uploading: 0,
  processing: 0,
  done: 0,
  paused: 0,
  waiting: 0,
  failed: 0,
  cancelled: 0,
})

/** Sums `ids` (cheap enough for 10,000 jobs at 10 progress events a second). */
export function summarize(
  ids: ReadonlyArray<string>,
  jobs: Readonly<Record<string, UploadJob>>,
  progress: Readonly<Record<string, UploadProgress>>,
): UploadSummary {
  const counts = zeroCounts()
  let files = 0
  let bytesTotal = 0
  let bytesSent = 0
  let rate = 0
  let remaining = 0
  let measuring = 0
  let needsSignIn = 0
  for (const id of ids) {
    const j = jobs[id]
    if (!j) continue
    files += 1
    const bucket = bucketOf(j.state)
    counts[bucket] += 1
    if (j.state === 'needs-sign-in') needsSignIn += 1
    if (bucket === 'cancelled') continue
    bytesTotal += j.size
    const delivered = bucket === 'processing' || bucket === 'done'
    const p = progress[id]
    const sent = delivered ? j.size : Math.min(j.size, Math.max(j.bytesAcked, p?.bytesAcked ?? 0))
    bytesSent += sent
    if (bucket === 'uploading') {
      if (p && p.rate > 0) rate += p.rate
      else measuring += 1
    }
    // Paused files wait for the user, so they are not part of the time left.
    if (bucket === 'queued' || bucket === 'uploading' || bucket === 'waiting') remaining += j.size - sent
  }
  const finished = files > 0 && counts.queued + counts.uploading + counts.paused + counts.waiting === 0
  return {
    files,
    counts,
    bytesTotal,
    bytesSent,
    rate,
    etaSeconds: rate > 0 && remaining > 0 ? remaining / rate : null,
    finished,
    measuring,
    needsSignIn,
  }
}
