import type { WritableDb } from '../db/database.ts'
import { abandonsRemoteUpload, isServerErrorAnswer } from '../../common/domain/upload-policy.ts'
import { backoffDelay, PROBE_BACKOFF } from '../../common/domain/backoff.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { applyEvent, getJob, patchOwned, type JobPatch, type JobRecord } from './repository.ts'
import { addCleanup } from './cleanups.ts'
import type { JobOutcome, LocalDigests } from './outcome.ts'
import { createLogger } from '../logging/log.ts'

const log = createLogger('uploads')

/**
 * Who applies the outcome and when: only the lease owner's outcomes are written. `random` spreads the
 * parked jobs' probes apart (backoff.ts).
 */
export type OutcomeContext = Readonly<{ db: WritableDb; owner: string; now: number; random: () => number }>

/** Thrown inside a transaction to roll it back when the job is no longer ours (nothing is written). */
class NotOurs extends Error {}

/**
 * The one place that turns a run's outcome into repository writes (state, patch, remote clean-ups), each in
 * one IMMEDIATE transaction. `job` is the runner's view of the job (its state is what a patch expects).
 * Returns the job as written, or null when nothing was (the job is gone, another actor moved it, or the
 * outcome writes nothing).
 */
export function applyOutcome(ctx: OutcomeContext, job: JobRecord, outcome: JobOutcome): JobRecord | null {
  const { db } = ctx
  try {
    return db.transaction((): JobRecord | null => write(ctx, job, outcome)).immediate()
  } catch (caught) {
    if (caught instanceof NotOurs) return null
    throw caught
  }
}

function write(ctx: OutcomeContext, job: JobRecord, outcome: JobOutcome): JobRecord | null {
  const { db, owner, now } = ctx
  const event = (id: string, e: Parameters<typeof applyEvent>[2], patch: JobPatch = {}): JobRecord => {
    const next = applyEvent(db, id, e, { owner, now, patch })
    if (!next) throw new NotOurs()
    return next
  }
  const current = (): JobRecord => {
    const row = getJob(db, job.id)
    if (!row || row.leaseOwner !== owner) throw new NotOurs()
    return row
  }
  switch (outcome.kind) {
    case 'done':
    case 'processing': {
      let row = current()
      // The bytes are in: record it (if the runner had not yet) in the same commit as the verdict.
      if (row.state === 'uploading') row = event(row.id, 'bytes-complete', { bytesAcked: row.size })
      // Delivered: whatever went wrong on the way (a network loss, a retried error) is over.
      if (row.state === 'processing') return event(row.id, 'processed', { error: null })
      const verified: JobPatch = {
        ...digestPatch(outcome.digests),
        error: null,
        // FastPix's media id is the upload id; PeerTube names its video on completion.
        mediaId: outcome.mediaId ?? row.mediaId ?? row.uploadId,
        sessionEnc: null,
        leaseOwner: null,
        leaseUntil: 0,
      }
      return event(row.id, outcome.kind === 'done' ? 'verified-no-wait' : 'verified', verified)
    }
    case 'retry': {
      // A server's answer that caused the wait is the job's error while it waits, so the row says why nothing
      // moves; the next progress clears it (job-runner.ts pump). A connection that failed is not shown so: the
      // network path (waiting-for-network) or the silent-session rule says what it is, "check your network"
      // only when the network is down.
      const answered = isServerErrorAnswer(outcome.error)
      const patch: JobPatch = { attempts: job.attempts + 1, ...(answered ? { error: outcome.error } : {}) }
      if (!patchOwned(db, job.id, owner, job.state, patch, now)) throw new NotOurs()
      return getJob(db, job.id) ?? null
    }
    case 'session-expired': {
      const row = current()
      if (row.uploadId) addCleanup(db, row.account, row.uploadId, row.sessionEnc, 'expired', now)
      return event(row.id, 'session-expired', { uploadId: null, sessionEnc: null, bytesAcked: 0 })
    }
    case 'offline': {
      const row = current()
      // The probe waits longer each time the job found the network down (its attempts), up to 30 s.
      const after = backoffDelay(PROBE_BACKOFF, row.attempts + 1, ctx.random())
      const patch: JobPatch = outcome.error
        ? { attempts: row.attempts + 1, nextAttemptAt: now + after, error: outcome.error }
        : { nextAttemptAt: 0 }
      return event(row.id, 'network-lost', patch)
    }
    case 'needs-sign-in': {
      // Parked, not failed: the session and bytes stay; signing in again (account update) continues it.
      const row = current()
      log.warn('the destination refused the credentials; waiting for a sign-in', { jobId: row.id })
      return event(row.id, 'sign-in-needed', { error: outcome.error, leaseOwner: null, leaseUntil: 0 })
    }
    case 'failed':
      return fail(ctx, current(), outcome.error, outcome.digests)
    case 'interrupted':
      return event(job.id, 'recover', { nextAttemptAt: 0 })
    case 'stopped':
      return null
  }
}

const digestPatch = (d: LocalDigests | undefined): JobPatch =>
  d ? { crc32cLocal: d.crc32cLocal, md5Local: d.md5Local } : {}

/**
 * Fails a job. Nothing half-old half-new: a changed or vanished source abandons its remote upload, and a
 * completed upload whose bytes proved wrong (hash mismatch, file changed during the last chunk) has its
 * media deleted. Either way Retry starts a clean upload.
 */
function fail(ctx: OutcomeContext, row: JobRecord, error: AppError, digests?: LocalDigests): JobRecord {
  const { db, owner, now } = ctx
  if (error.code === 'upload/integrity-mismatch') log.error('integrity mismatch', { jobId: row.id, error })
  else log.warn('upload failed', { jobId: row.id, code: error.code })
  let patch: JobPatch = { ...digestPatch(digests), error }
  if (abandonsRemoteUpload(error.code) && row.uploadId) {
    const completed = row.state === 'verifying'
    addCleanup(db, row.account, completed ? (row.mediaId ?? row.uploadId) : row.uploadId,
      completed ? null : row.sessionEnc, error.code, now, completed ? 'delete-media' : 'cancel') // prettier-ignore
    patch = { ...patch, uploadId: null, sessionEnc: null, bytesAcked: 0 }
  }
  const next = applyEvent(db, row.id, 'fail', { owner, now, patch })
  if (!next) throw new NotOurs()
  return next
}
