import { statSync } from 'node:fs'
import type { WritableDb } from '../db/database.ts'
import type { JobId } from '../../common/domain/ids.ts'
import { retryStartsFresh } from '../../common/domain/upload-policy.ts'
import { applyEvent, deleteInStates, getJob, type JobPatch, type JobRecord } from './repository.ts'
import { addCleanup } from './cleanups.ts'

/**
 * User actions on jobs, usable from any process (the app, or `spool queue …` while another process runs
 * the queue). Each is a transaction on the rows; a runner holding the job notices within one tick and
 * aborts its in-flight request. Remote cancellation goes through `upload_cleanups`, so it happens even if
 * this process exits right away.
 */

const each = (ids: ReadonlyArray<string>, fn: (id: string) => JobRecord | null): ReadonlyArray<JobRecord> =>
  ids.map(fn).filter((r): r is JobRecord => r !== null)

/** Pauses jobs that are queued, moving bytes or waiting for the network. */
export function pauseJobs(db: WritableDb, ids: ReadonlyArray<string>, now: number): ReadonlyArray<JobRecord> {
  return db.transaction(() => each(ids, (id) => applyEvent(db, id, 'pause', { now }))).immediate()
}

/** Resumes paused jobs (the runner asks the server for its offset first). */
export function resumeJobs(
  db: WritableDb,
  ids: ReadonlyArray<string>,
  now: number,
): ReadonlyArray<JobRecord> {
  return db
    .transaction(() =>
      each(ids, (id) => applyEvent(db, id, 'resume', { now, patch: { nextAttemptAt: 0, error: null } })),
    )
    .immediate()
}

/** Cancels jobs: state cancelled, session wiped locally, remote upload queued for `PUT …/cancel` + DELETE. */
export function cancelJobs(
  db: WritableDb,
  ids: ReadonlyArray<string>,
  now: number,
): ReadonlyArray<JobRecord> {
  return db
    .transaction(() =>
      each(ids, (id) => {
        const row = getJob(db, id)
        if (!row) return null
        const next = applyEvent(db, id, 'cancel', { now, patch: { sessionEnc: null } })
        if (next && row.uploadId) addCleanup(db, row.account, row.uploadId, row.sessionEnc, 'cancelled', now)
        return next
      }),
    )
    .immediate()
}

/**
 * Retries failed or cancelled jobs. A job whose file changed starts over with the file as it is now; one
 * whose copy failed verification, or that was cancelled, starts a fresh upload; others resume their session.
 */
export function retryJobs(db: WritableDb, ids: ReadonlyArray<string>, now: number): ReadonlyArray<JobRecord> {
  return db
    .transaction(() =>
      each(ids, (id) => {
        const row = getJob(db, id)
        if (!row) return null
        const code = row.error?.code ?? null
        const patch: JobPatch = { error: null, attempts: 0, nextAttemptAt: 0, sessionsCreated: 0 }
        if (retryStartsFresh(row.state, code)) {
          if (row.uploadId && code !== 'upload/integrity-mismatch' && row.sessionEnc)
            addCleanup(db, row.account, row.uploadId, row.sessionEnc, 'retry', now)
          Object.assign(patch, { uploadId: null, sessionEnc: null, bytesAcked: 0, mediaId: null })
        }
        if (code === 'upload/source-changed') {
          try {
            const s = statSync(row.path)
            Object.assign(patch, { size: s.size, mtimeMs: s.mtimeMs, ino: String(s.ino), dev: String(s.dev) })
          } catch {
            // Still gone: the retry will fail again with source-missing, which is the honest answer.
          }
        }
        return applyEvent(db, id, 'retry', { now, patch })
      }),
    )
    .immediate()
}

/** Removes done and cancelled jobs from the list; returns the ids it removed. */
export function clearFinished(db: WritableDb): ReadonlyArray<JobId> {
  return deleteInStates(db, ['done', 'cancelled'])
}
