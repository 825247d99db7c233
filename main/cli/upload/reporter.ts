import cliProgress from 'cli-progress'
import type { CliContext } from '../context.ts'
import type { UploadJob, UploadProgress, UploadState } from '../../../common/domain/upload.ts'
import type { UploadService } from '../../uploads/service.ts'
import { redact } from '../../logging/redact.ts'

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
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
  }
}

const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`

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

/**
 * Prints what happens to the jobs in `scope` while the queue runs: `--json` lines (every state change, and
 * progress at most every 500 ms per job), live bars on a terminal, plain lines otherwise.
 */
export function attachReporter(
  ctx: CliContext,
  service: UploadService,
  scope: (id: string) => boolean,
  mode: 'json' | 'tty' | 'plain',
): () => void {
  const lastState = new Map<string, UploadState>()
  const lastLine = new Map<string, number>()
  const jobs = new Map<string, UploadJob>()
  const write = (s: string): void => void ctx.stdout.write(s + '\n')
  const bars = mode === 'tty' ? new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {rate} | ETA {eta_formatted} | {name}', hideCursor: true, clearOnComplete: false, stream: ctx.stdout },
    cliProgress.Presets.shades_classic,
  ) : null // prettier-ignore
  const active = new Map<string, cliProgress.SingleBar>()

  const offChanged = service.onChanged((job) => {
    if (!scope(job.id)) return
    jobs.set(job.id, job)
    const changed = lastState.get(job.id) !== job.state
    lastState.set(job.id, job.state)
    if (mode === 'json') {
      if (changed) {
        lastLine.set(job.id, Date.now())
        write(JSON.stringify(jobLine(job)))
      }
      return
    }
    if (!changed) return
    const why = job.error
      ? ` — ${redact(job.error.message)}${job.error.detail ? ` (${redact(job.error.detail)})` : ''}`
      : ''
    const line = `${job.state.padEnd(19)} ${job.path}${why}`
    if (bars) {
      const bar = active.get(job.id)
      // A bar once bytes move: a job 'preparing' may be one claimed ahead, waiting for a transfer slot.
      if (job.state === 'uploading' && !bar)
        active.set(job.id, bars.create(job.size, job.bytesAcked, { name: job.name, rate: '-' }))
      if (bar && !['uploading', 'preparing', 'verifying'].includes(job.state)) {
        bar.update(job.size)
        bars.remove(bar)
        active.delete(job.id)
      }
      if (
        ['done', 'failed', 'cancelled', 'paused', 'waiting-for-network', 'needs-sign-in'].includes(job.state)
      )
        bars.log(line + '\n')
    } else write(line)
  })

  const offProgress = service.onProgress((batch: ReadonlyArray<UploadProgress>) => {
    for (const p of batch) {
      if (!scope(p.id)) continue
      const job = jobs.get(p.id)
      if (!job) continue
      if (mode === 'json') {
        const now = Date.now()
        if (now - (lastLine.get(p.id) ?? 0) < 500) continue
        lastLine.set(p.id, now)
        write(JSON.stringify(jobLine(job, p.bytesAcked)))
      } else if (bars) active.get(p.id)?.update(p.bytesAcked + p.bytesInFlight, { rate: `${mib(p.rate)}/s` })
    }
  })

  return () => {
    offChanged()
    offProgress()
    bars?.stop()
  }
}
