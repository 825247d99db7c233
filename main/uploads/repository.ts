import type Database from 'better-sqlite3'
import { prepared, type WritableDb, type ReadableDb } from '../db/database.ts'
import type { AppError } from '../../common/ipc/result.ts'
import type { UploadJob, UploadSettings, UploadState } from '../../common/domain/upload.ts'
import { asAccountName, asJobId, asMediaId, asUploadId, type JobId } from '../../common/domain/ids.ts'
import { transition, type UploadEvent } from '../../common/domain/upload-machine.ts'

/**
 * The upload queue's rows (migration 0001). Every write that changes state is one IMMEDIATE transaction
 * that re-reads the row, asks the pure state machine, and refuses what it refuses — so a runner's late write
 * can never undo a pause or cancel made by another process.
 */
export type JobRow = Readonly<{
  id: string
  account: string
  path: string
  name: string
  relative_dir: string
  size: number
  mtime_ms: number
  ino: string
  dev: string
  settings: string
  no_wait: number
  state: UploadState
  upload_id: string | null
  media_id: string | null
  session_enc: Buffer | null
  bytes_acked: number
  attempts: number
  sessions_created: number
  next_attempt_at: number
  error: string | null
  crc32c_local: string | null
  md5_local: string | null
  lease_owner: string | null
  lease_until: number
  created_at: string
  updated_at: string
}>

/** A job to insert (the scanner's fingerprint plus the user's choices). */
export type NewJob = Readonly<{
  id: JobId
  account: string
  path: string
  name: string
  relativeDir: string
  size: number
  mtimeMs: number
  ino: string
  dev: string
  settings: UploadSettings
  noWait: boolean
}>

/** Columns a runner or a user action may change alongside (or without) a state change. */
export type JobPatch = Partial<{
  uploadId: string | null
  mediaId: string | null
  sessionEnc: Buffer | null
  bytesAcked: number
  attempts: number
  sessionsCreated: number
  nextAttemptAt: number
  error: AppError | null
  crc32cLocal: string | null
  md5Local: string | null
  leaseOwner: string | null
  leaseUntil: number
  size: number
  mtimeMs: number
  ino: string
  dev: string
}>

const COLUMNS: Record<keyof JobPatch, string> = {
  uploadId: 'upload_id',
  mediaId: 'media_id',
  sessionEnc: 'session_enc',
  bytesAcked: 'bytes_acked',
  attempts: 'attempts',
  sessionsCreated: 'sessions_created',
  nextAttemptAt: 'next_attempt_at',
  error: 'error',
  crc32cLocal: 'crc32c_local',
  md5Local: 'md5_local',
  leaseOwner: 'lease_owner',
  leaseUntil: 'lease_until',
  size: 'size',
  mtimeMs: 'mtime_ms',
  ino: 'ino',
  dev: 'dev',
}

/** The public, secret-free view of a row. */
export function toUploadJob(row: JobRow): UploadJob {
  return {
    id: asJobId(row.id),
    account: asAccountName(row.account),
    path: row.path,
    relativeDir: row.relative_dir,
    name: row.name,
    size: row.size,
    state: row.state,
    bytesAcked: row.bytes_acked,
    uploadId: row.upload_id ? asUploadId(row.upload_id) : null,
    mediaId: row.media_id ? asMediaId(row.media_id) : null,
    error: row.error ? (JSON.parse(row.error) as AppError) : null,
    attempts: row.attempts,
    settings: JSON.parse(row.settings) as UploadSettings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

const iso = (now: number): string => new Date(now).toISOString()

/** Inserts a batch in one transaction (10,000 rows in well under a second). */
export function insertJobs(db: WritableDb, jobs: ReadonlyArray<NewJob>, now: number): void {
  const stmt = prepared(
    db,
    `INSERT INTO upload_jobs (id, account, path, name, relative_dir, size, mtime_ms, ino,
    dev, settings, no_wait, state, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
  )
  const at = iso(now)
  db.transaction(() => {
    for (const j of jobs)
      stmt.run(j.id, j.account, j.path, j.name, j.relativeDir, j.size, j.mtimeMs, j.ino, j.dev,
        JSON.stringify(j.settings), j.noWait ? 1 : 0, at, at) // prettier-ignore
  }).immediate()
}

/** A non-cancelled job for the same file (path + size + mtime), for duplicate reports. */
export function findByFingerprint(
  db: ReadableDb,
  path: string,
  size: number,
  mtimeMs: number,
): JobRow | undefined {
  let stmt = fingerprintStatements.get(db)
  if (!stmt) {
    stmt = prepared(
      db,
      `SELECT * FROM upload_jobs WHERE path = ? AND size = ? AND mtime_ms = ?
      AND state != 'cancelled' ORDER BY created_at DESC LIMIT 1`,
    )
    fingerprintStatements.set(db, stmt)
  }
  return stmt.get(path, size, mtimeMs) as JobRow | undefined
}

// Enqueue checks every file of a 10,000-file folder: prepare the lookup once per connection.
const fingerprintStatements = new WeakMap<ReadableDb, Database.Statement<unknown[]>>()

/** One row by id. */
export function getRow(db: ReadableDb, id: string): JobRow | undefined {
  return prepared(db, 'SELECT * FROM upload_jobs WHERE id = ?').get(id) as JobRow | undefined
}

/** One row by its remote upload id. */
export function getRowByUploadId(db: ReadableDb, uploadId: string): JobRow | undefined {
  return prepared(db, 'SELECT * FROM upload_jobs WHERE upload_id = ?').get(uploadId) as JobRow | undefined
}

/** Every job, oldest first. */
export function listRows(db: ReadableDb): ReadonlyArray<JobRow> {
  return prepared(db, 'SELECT * FROM upload_jobs ORDER BY created_at, rowid').all() as JobRow[]
}

/** Jobs changed at or after `sinceIso` (for watching changes made by other processes). */
export function rowsUpdatedSince(db: ReadableDb, sinceIso: string): ReadonlyArray<JobRow> {
  return prepared(db, 'SELECT * FROM upload_jobs WHERE updated_at >= ?').all(sinceIso) as JobRow[]
}

function patchSql(patch: JobPatch): { sets: string[]; values: unknown[] } {
  const sets: string[] = []
  const values: unknown[] = []
  for (const [key, value] of Object.entries(patch) as Array<[keyof JobPatch, unknown]>) {
    if (value === undefined) continue
    sets.push(`${COLUMNS[key]} = ?`)
    values.push(key === 'error' ? (value === null ? null : JSON.stringify(value)) : value)
  }
  return { sets, values }
}

/** Options for `applyEvent`: a runner passes its lease id so it can only touch jobs it owns. */
export type ApplyOptions = Readonly<{ owner?: string; patch?: JobPatch; now: number }>

/**
 * Applies an event in one transaction: re-reads the row, asks `transition`, writes the new state and the
 * patch. Returns the updated row, or null when the job is gone, owned by someone else, or the event is not
 * allowed in its current state.
 */
export function applyEvent(
  db: WritableDb,
  id: string,
  event: UploadEvent,
  options: ApplyOptions,
): JobRow | null {
  return db
    .transaction((): JobRow | null => {
      const row = getRow(db, id)
      if (!row) return null
      if (options.owner !== undefined && row.lease_owner !== options.owner) return null
      const next = transition(row.state, event)
      if (next === null) return null
      const { sets, values } = patchSql(options.patch ?? {})
      prepared(
        db,
        `UPDATE upload_jobs SET ${['state = ?', 'updated_at = ?', ...sets].join(', ')} WHERE id = ?`,
      ).run(next, iso(options.now), ...values, id)
      return getRow(db, id) ?? null
    })
    .immediate()
}

/**
 * Updates columns without a state change, only while `owner` holds the lease and the state is still
 * `expected` (false otherwise: someone paused or cancelled the job meanwhile).
 */
export function patchOwned(
  db: WritableDb,
  id: string,
  owner: string,
  expected: UploadState,
  patch: JobPatch,
  now: number,
): boolean {
  const { sets, values } = patchSql(patch)
  const result = prepared(
    db,
    `UPDATE upload_jobs SET ${['updated_at = ?', ...sets].join(', ')}
       WHERE id = ? AND lease_owner = ? AND state = ?`,
  ).run(iso(now), ...values, id, owner, expected)
  return result.changes === 1
}

/** Updates columns of a job regardless of owner (user actions, in their own transaction). */
export function patchAny(db: WritableDb, id: string, patch: JobPatch, now: number): void {
  const { sets, values } = patchSql(patch)
  prepared(db, `UPDATE upload_jobs SET ${['updated_at = ?', ...sets].join(', ')} WHERE id = ?`).run(
    iso(now),
    ...values,
    id,
  )
}

/** Deletes finished jobs (done, and optionally cancelled); returns how many. */
export function deleteFinished(db: WritableDb, states: ReadonlyArray<UploadState>): number {
  const marks = states.map(() => '?').join(', ')
  return prepared(db, `DELETE FROM upload_jobs WHERE state IN (${marks})`).run(...states).changes
}
