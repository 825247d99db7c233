import type { CliContext } from '../context.ts'
import type { UploadJob, UploadProgress, UploadState } from '../../../common/domain/upload.ts'
import type { UploadService } from '../../uploads/service.ts'
import { redact } from '../../logging/redact.ts'
import { isFinal } from '../../../common/domain/upload-policy.ts'
import { finishedLine, pinnedBlock, type Finished } from '../progress/layout.ts'
import { createPinnedScreen } from '../progress/pinned-screen.ts'
import { createTracker } from '../progress/tracker.ts'

/** Counts for the final summary line. */
export type Summary = {
  done: number
  failed: number
  cancelled: number
  /** Jobs waiting for the account to be signed in again. */
  needsSignIn: number
  skipped: number
}

/** One `--json` line per job event (issue 3 §5). Never the session URI (UploadJob does not carry it). */
export function jobLine(job: UploadJob, bytesAcked = job.bytesAcked): Record<string, unknown> {
  return {
    type: 'job',
    id: job.id,
    path: job.path,
    size: job.size,
    state: job.state,
    bytesAcked,
    uploadId: job.uploadId,
    mediaId: job.mediaId,
    // A done job has no error: one left from an earlier attempt (a network drop it recovered from) is stale.
    error: job.error && job.state !== 'done' ? { code: job.error.code, message: job.error.message } : null,
  }
}

/** The summary of a set of jobs (skipped counted by the caller). */
export function summarise(jobs: ReadonlyArray<UploadJob>, skipped: number): Summary {
  const count = (s: UploadState): number => jobs.filter((j) => j.state === s).length
  return {
    done: count('done'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    needsSignIn: count('needs-sign-in'),
    skipped,
  }
}

/** States worth a permanent line: the file ended, or it waits for something the user may act on. */
const TELL: ReadonlySet<UploadState> = new Set([
  'done',
  'failed',
  'cancelled',
  'paused',
  'waiting-for-network',
  'needs-sign-in',
])

/** How often the pinned block is redrawn: smooth enough to read, cheap for a 10,000-file batch. */
const REDRAW_MS = 250

/** The permanent-line view of a job: its media id once done, else the reason it stopped. */
function finished(job: UploadJob): Finished {
  const reason = job.error
    ? `${redact(job.error.message)}${job.error.detail ? ` (${redact(job.error.detail)})` : ''}`
    : null
  return { state: job.state, path: job.path, mediaId: job.state === 'done' ? job.mediaId : null, reason }
}

/**
 * Prints what happens to the jobs in `scope` while the queue runs (issue 13 §6): `--json` lines (every state
 * change, and progress at most every 500 ms per job); on a terminal, a pinned summary with one line per
 * active transfer and a permanent line per finished file above it; on a pipe, one plain line per event.
 */
export function attachReporter(
  ctx: CliContext,
  service: UploadService,
  scope: (id: string) => boolean,
  mode: 'json' | 'tty' | 'plain',
): () => void {
  /** Each job's last state, and the code of the answer it was waiting out ('' for none). */
  const last = new Map<string, Readonly<{ state: UploadState; said: string }>>()
  const lastLine = new Map<string, number>()
  const write = (s: string): void => void ctx.stdout.write(s + '\n')
  const tracker = createTracker(Date.now())
  for (const job of service.list())
    if (scope(job.id) && !isFinal(job.state)) {
      tracker.changed(job, Date.now())
      last.set(job.id, { state: job.state, said: job.error?.code ?? '' })
    }
  const screen =
    mode === 'tty'
      ? createPinnedScreen(ctx.stdout, (width, height) =>
          pinnedBlock(tracker.snapshot(Date.now()), width, height),
        )
      : null
  const timer = screen ? setInterval(() => screen.refresh(), REDRAW_MS) : null
  timer?.unref()
  screen?.refresh()

  const offChanged = service.onChanged((job) => {
    if (!scope(job.id)) return
    tracker.changed(job, Date.now())
    const before = last.get(job.id)
    const said = job.error?.code ?? ''
    last.set(job.id, { state: job.state, said })
    const changed = before?.state !== job.state
    if (mode === 'json') {
      // A job that starts or stops waiting out an answer (job.error while uploading) is a line too.
      if (!changed && before?.said === said) return
      lastLine.set(job.id, Date.now())
      return write(JSON.stringify(jobLine(job)))
    }
    if (!changed) return
    if (screen) {
      if (TELL.has(job.state)) screen.print([finishedLine(finished(job), ttyWidth(ctx))])
    } else write(finishedLine(finished(job), null))
  })

  const offProgress = service.onProgress((batch: ReadonlyArray<UploadProgress>) => {
    const now = Date.now()
    for (const p of batch) {
      if (!scope(p.id) || !tracker.has(p.id)) continue
      tracker.progressed(p, now)
      if (mode !== 'json' || now - (lastLine.get(p.id) ?? 0) < 500) continue
      lastLine.set(p.id, now)
      const job = tracker.job(p.id)
      if (job) write(JSON.stringify(jobLine(job, p.bytesAcked)))
    }
  })

  return () => {
    offChanged()
    offProgress()
    if (timer) clearInterval(timer)
    screen?.close()
  }
}

const ttyWidth = (ctx: CliContext): number =>
  ctx.stdout.columns && ctx.stdout.columns > 0 ? ctx.stdout.columns : 80
