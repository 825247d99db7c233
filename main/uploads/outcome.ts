import type { AppError } from '../../common/ipc/result.ts'
import {
  abandonsRemoteUpload,
  isRetryableError,
  isSessionExpired,
  meansOffline,
  needsSignIn,
} from '../../common/domain/upload-policy.ts'

/**
 * The local digests of a file whose bytes the server holds (stored with the outcome). `md5Local` is null
 * since Spool stopped computing MD5 (rows from before may still carry one).
 */
export type LocalDigests = Readonly<{ crc32cLocal: string; md5Local: string | null }>

/**
 * How a run of a job ended. Runners (job-runner.ts, media-poller.ts) return one; apply-outcome.ts is the
 * one place that turns it into repository writes.
 * - `done`: every byte is in and verified, and nothing more to wait for (or the platform finished);
 * - `processing`: bytes verified, the platform is transcoding (the poller takes over);
 * - `retry`: a transient failure; try again after `after` ms (the runner waits in place);
 * - `session-expired`: the upload session is gone; abandon it and create a new upload;
 * - `offline`: the network is down; park the job (its probe backoff grows with its attempts, or until the
 *   network is back; apply-outcome.ts decides when);
 * - `needs-sign-in`: the provider rejected the account's credentials (401);
 * - `failed`: a failure that retrying will not fix;
 * - `interrupted`: the process is stopping; the job goes back to the queue (the server keeps its bytes);
 * - `stopped`: another actor took the job (pause, cancel, another process): nothing to write.
 */
export type JobOutcome =
  | Readonly<{ kind: 'done'; digests?: LocalDigests; mediaId?: string }>
  | Readonly<{ kind: 'processing'; digests: LocalDigests; mediaId?: string }>
  | Readonly<{ kind: 'retry'; after: number; error: AppError }>
  | Readonly<{ kind: 'session-expired'; error: AppError }>
  | Readonly<{ kind: 'offline'; error: AppError | null }>
  | Readonly<{ kind: 'needs-sign-in'; error: AppError }>
  | Readonly<{ kind: 'failed'; error: AppError; digests?: LocalDigests }>
  | Readonly<{ kind: 'interrupted' }>
  | Readonly<{ kind: 'stopped' }>

/** The kinds after which the job is no longer this run's to work on. */
export type FinalOutcome = Exclude<JobOutcome, Readonly<{ kind: 'retry' | 'session-expired' }>>

/**
 * What a failure of one attempt means, from the upload policy: a new session, parking, a sign-in, a retry
 * after `retryAfter` ms, or failing (also when the retry budget is spent or the error abandons the upload).
 */
export function outcomeForError(
  error: AppError,
  budget: Readonly<{ retriesLeft: boolean; retryAfter: () => number }>,
): JobOutcome {
  if (isSessionExpired(error.code)) return { kind: 'session-expired', error }
  if (meansOffline(error.code)) return { kind: 'offline', error }
  if (needsSignIn(error.code)) return { kind: 'needs-sign-in', error }
  if (abandonsRemoteUpload(error.code) || !isRetryableError(error) || !budget.retriesLeft)
    return { kind: 'failed', error }
  return { kind: 'retry', after: budget.retryAfter(), error }
}

/**
 * The failure a spent server-error budget leaves: the server's own error, said to have kept happening, and
 * retryable, so `spool queue run` (or Retry) tries the job again later (upload-policy.ts isWorthAnotherRun).
 */
export function budgetSpent(error: AppError, answers: number): AppError {
  const what =
    error.status === 429 ? 'asked Spool to slow down' : `answered with errors (HTTP ${error.status})`
  return {
    ...error,
    retryable: true,
    message: `The server kept failing: it ${what} ${answers} times in a row. Spool stopped trying for now; \`spool queue run\` or Retry tries again.`,
  }
}
