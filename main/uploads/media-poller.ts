import type { UploadPort } from '../providers/provider.ts'
import { asMediaId } from '../../common/domain/ids.ts'
import { appError } from '../../common/ipc/result.ts'
import { backoffDelay, type BackoffPolicy } from '../../common/domain/backoff.ts'
import type { JobRecord } from './repository.ts'
import type { FinalOutcome } from './outcome.ts'
import type { Clock } from './job-runner.ts'
import { createLogger } from '../logging/log.ts'

/** How long and how often to ask FastPix about a new media (bounded: processing can take a while). */
export type PollPolicy = Readonly<{ backoff: BackoffPolicy; budgetMs: number }>

/** Default: 1 s doubling to 30 s, for up to 2 hours. */
export const DEFAULT_POLL: PollPolicy = {
  backoff: { baseMs: 1_000, maxMs: 30_000, maxRetryAfterMs: 60_000 },
  budgetMs: 2 * 60 * 60 * 1000,
}

export type PollDeps = Readonly<{
  port: UploadPort
  clock: Clock
  random: () => number
  policy: PollPolicy
}>

const log = createLogger('uploads')

/**
 * Polls `GET /on-demand/{id}` for a job in `processing` until Ready (→ done) or Failed (→ failed), and
 * returns that outcome (the queue applies it). When the budget runs out the bytes are still verified, so the
 * job ends done and the library shows the status. An abort returns `stopped`.
 */
export async function pollMedia(deps: PollDeps, row: JobRecord, signal: AbortSignal): Promise<FinalOutcome> {
  const mediaId = asMediaId(row.mediaId ?? row.uploadId ?? '')
  const started = deps.clock.now()
  for (let attempt = 1; ; attempt++) {
    try {
      const { status, rawStatus } = await deps.port.mediaStatus(mediaId, signal)
      if (status === 'Ready') return { kind: 'done' }
      if (status === 'Failed') {
        const error = appError('upload/processing-failed', 'The destination could not process this file.', {
          detail: rawStatus,
        })
        return { kind: 'failed', error }
      }
    } catch (caught) {
      if (signal.aborted) return { kind: 'stopped' }
      log.warn('media status poll failed', { jobId: row.id, error: caught })
    }
    if (deps.clock.now() - started > deps.policy.budgetMs) {
      log.warn('gave up waiting for processing; bytes are verified', { jobId: row.id })
      return { kind: 'done' }
    }
    try {
      await deps.clock.sleep(backoffDelay(deps.policy.backoff, attempt, deps.random()), signal)
    } catch {
      return { kind: 'stopped' }
    }
  }
}
