import { prepared, type WritableDb } from '../db/database.ts'
import type { UploadPort } from '../providers/provider.ts'
import type { SessionVault } from './session-vault.ts'
import { asMediaId, asUploadId } from '../../common/domain/ids.ts'
import { createLogger } from '../logging/log.ts'

/**
 * Remote work to undo, kept until the server confirmed so a crash in between loses nothing:
 * - `cancel`: an unfinished upload to abandon (user cancel, expired session, source changed): `PUT …/cancel`
 *   plus `DELETE` on the session;
 * - `delete-media`: a completed upload whose bytes proved wrong (the server's hash differs from the file's,
 *   or the file changed during the last chunk): the media it produced is deleted.
 */
export type CleanupAction = 'cancel' | 'delete-media'

export type CleanupRow = Readonly<{
  id: number
  account: string
  upload_id: string
  session_enc: Buffer | null
  reason: string
  attempts: number
  action: CleanupAction
}>

const log = createLogger('uploads')

/** Records a remote upload to cancel (inside the caller's transaction when there is one). */
export function addCleanup(
  db: WritableDb,
  account: string,
  uploadId: string,
  sessionEnc: Buffer | null,
  reason: string,
  now: number,
  action: CleanupAction = 'cancel',
): void {
  prepared(
    db,
    'INSERT INTO upload_cleanups (account, upload_id, session_enc, reason, created_at, action) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(account, uploadId, sessionEnc, reason, new Date(now).toISOString(), action)
}

/** Pending cleanups, oldest first (few attempts first so one bad row cannot block the rest). */
export function pendingCleanups(db: WritableDb, limit = 20): ReadonlyArray<CleanupRow> {
  return prepared(db, 'SELECT * FROM upload_cleanups WHERE attempts < 20 ORDER BY attempts, id LIMIT ?').all(
    limit,
  ) as CleanupRow[]
}

/**
 * Runs the pending cleanups once. Cancel and DELETE are best effort individually; the row goes when the
 * FastPix cancel succeeded (an already-cancelled or unknown upload counts as success).
 */
export async function runCleanups(
  db: WritableDb,
  vault: SessionVault,
  portFor: (account: string) => Promise<UploadPort>,
): Promise<number> {
  let done = 0
  for (const row of pendingCleanups(db)) {
    try {
      const port = await portFor(row.account)
      if (row.action === 'delete-media') {
        // A direct upload's media id is its upload id (ARCHITECTURE.md §9).
        await port.deleteMedia(asMediaId(row.upload_id), AbortSignal.timeout(30_000))
        prepared(db, 'DELETE FROM upload_cleanups WHERE id = ?').run(row.id)
        done++
        continue
      }
      if (row.session_enc) {
        try {
          await port.openSession(await vault.open(row.session_enc)).terminate(AbortSignal.timeout(15_000))
        } catch {
          // The session may already be gone (404/410); the FastPix cancel below is what counts.
        }
      }
      try {
        await port.cancelUpload(asUploadId(row.upload_id), AbortSignal.timeout(30_000))
      } catch (caught) {
        const code = (caught as { appError?: { code?: string } }).appError?.code
        if (code !== 'api/not-found' && code !== 'api/bad-request' && code !== 'api/conflict') throw caught
      }
      prepared(db, 'DELETE FROM upload_cleanups WHERE id = ?').run(row.id)
      done++
    } catch (caught) {
      log.warn('a remote clean-up failed; will retry', {
        uploadId: row.upload_id,
        action: row.action,
        error: caught,
      })
      prepared(db, 'UPDATE upload_cleanups SET attempts = attempts + 1 WHERE id = ?').run(row.id)
    }
  }
  return done
}
