import type Database from 'better-sqlite3'
import { prepared, type WritableDb, type ReadableDb } from '../db/database.ts'
import { z } from 'zod'
import { BATCH_ORIGINS, type Batch, type BatchOrigin, type UploadState } from '../../common/domain/upload.ts'
import { asBatchId, type JobId } from '../../common/domain/ids.ts'
import {
  DELIVERED_STATES,
  RUNNABLE_STATES,
  transition,
  type UploadEvent,
} from '../../common/domain/upload-policy.ts'
import { toJobRecord, type JobRecord } from './job-record.ts'

export { toUploadJob, type JobRecord } from './job-record.ts'

/**
 * The job repository: the only code that reads or writes `upload_jobs` (migration 0001) and the batches its
 * jobs belong to (`upload_batches`, migration 0007). It hands out
 * JobRecords (job-record.ts). Every write that changes state is one IMMEDIATE transaction that re-reads the
 * row, asks the pure upload policy, and refuses what it refuses — so a runner's late write can never undo a
 * pause or cancel made by another process.
 */

/** A job to insert (the scanner's fingerprint plus the user's choices). */
export type NewJob = Readonly<
  Pick<
    JobRecord,
    | 'id'
    | 'batchId'
    | 'account'
    | 'path'
    | 'name'
    | 'relativeDir'
    | 'size'
    | 'mtimeMs'
    | 'ino'
    | 'dev'
    | 'settings'
    | 'noWait'
  >
>

/** Columns a runner or a user action may change alongside (or without) a state change. */
export type JobPatch = Partial<
  Pick<
    JobRecord,
    | 'uploadId'
    | 'mediaId'
    | 'sessionEnc'
    | 'bytesAcked'
    | 'attempts'
    | 'sessionsCreated'
    | 'createsSent'
    | 'nextAttemptAt'
    | 'error'
    | 'crc32cLocal'
    | 'md5Local'
    | 'leaseOwner'
    | 'leaseUntil'
    | 'size'
    | 'mtimeMs'
    | 'ino'
    | 'dev'
    | 'path'
  >
>

const COLUMNS: Record<keyof JobPatch, string> = {
  uploadId: 'upload_id',
  mediaId: 'media_id',
  sessionEnc: 'session_enc',
  bytesAcked: 'bytes_acked',
  attempts: 'attempts',
  sessionsCreated: 'sessions_created',
  createsSent: 'creates_sent',
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
  path: 'path',
}

const iso = (now: number): string => new Date(now).toISOString()
const one = (raw: unknown): JobRecord | undefined => (raw === undefined ? undefined : toJobRecord(raw))
const many = (raws: unknown[]): JobRecord[] => raws.map(toJobRecord)

/** The policy's runnable states as an SQL list, generated once (`('queued', …)`). */
const RUNNABLE_SQL = `(${RUNNABLE_STATES.map((s) => `'${s}'`).join(', ')})`

/** Inserts a batch in one transaction (10,000 rows in well under a second). */
export function insertJobs(db: WritableDb, jobs: ReadonlyArray<NewJob>, now: number): void {
  const stmt = prepared(
    db,
    `INSERT INTO upload_jobs (id, batch_id, account, path, name, relative_dir, size, mtime_ms, ino,
    dev, settings, no_wait, state, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
  )
  const at = iso(now)
  db.transaction(() => {
    for (const j of jobs)
      stmt.run(j.id, j.batchId, j.account, j.path, j.name, j.relativeDir, j.size, j.mtimeMs, j.ino, j.dev,
        JSON.stringify(j.settings), j.noWait ? 1 : 0, at, at) // prettier-ignore
  }).immediate()
}

// Enqueue checks every file of a 10,000-file folder: prepare the lookup once per connection.
const fingerprintStatements = new WeakMap<ReadableDb, Database.Statement<unknown[]>>()

/** A non-cancelled job of the same account for the same file (path + size + mtime), for duplicate reports. */
export function findByFingerprint(
  db: ReadableDb,
  account: string,
  path: string,
  size: number,
  mtimeMs: number,
): JobRecord | undefined {
  let stmt = fingerprintStatements.get(db)
  if (!stmt) {
    stmt = prepared(
      db,
      `SELECT * FROM upload_jobs WHERE account = ? AND path = ? AND size = ? AND mtime_ms = ?
      AND state != 'cancelled' ORDER BY created_at DESC LIMIT 1`,
    )
    fingerprintStatements.set(db, stmt)
  }
  return one(stmt.get(account, path, size, mtimeMs))
}

const BatchRow = z.object({
  id: z.string(),
  label: z.string(),
  origin: z.enum(BATCH_ORIGINS as [BatchOrigin, ...BatchOrigin[]]),
  manifest_path: z.string().nullable(),
  created_at: z.string(),
})

const toBatch = (raw: unknown): Batch => {
  const r = BatchRow.parse(raw)
  return {
    id: asBatchId(r.id),
    label: r.label,
    origin: r.origin,
    manifestPath: r.manifest_path,
    createdAt: r.created_at,
  }
}

/**
 * Records a new batch with its new jobs (which carry its id), and moves earlier jobs that came back with it
 * (a failed file dropped again) into it — one transaction.
 */
export function insertBatch(
  db: WritableDb,
  batch: Batch,
  jobs: ReadonlyArray<NewJob>,
  rejoining: ReadonlyArray<string>,
  now: number,
): void {
  const move = prepared(db, 'UPDATE upload_jobs SET batch_id = ? WHERE id = ?')
  db.transaction(() => {
    prepared(
      db,
      'INSERT INTO upload_batches (id, label, origin, manifest_path, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(batch.id, batch.label, batch.origin, batch.manifestPath, batch.createdAt)
    insertJobs(db, jobs, now)
    for (const id of rejoining) move.run(batch.id, id)
  }).immediate()
}

/** One batch by id. */
export function getBatch(db: ReadableDb, id: string): Batch | undefined {
  const raw: unknown = prepared(db, 'SELECT * FROM upload_batches WHERE id = ?').get(id)
  return raw === undefined ? undefined : toBatch(raw)
}

/** The batches that still hold a job (clearing finished jobs empties a batch out of the list), oldest first. */
export function listBatches(db: ReadableDb): ReadonlyArray<Batch> {
  return prepared(
    db,
    `SELECT * FROM upload_batches WHERE id IN (SELECT batch_id FROM upload_jobs WHERE batch_id IS NOT NULL)
    ORDER BY created_at, rowid`,
  )
    .all()
    .map(toBatch)
}

/** One job by id. */
export function getJob(db: ReadableDb, id: string): JobRecord | undefined {
  return one(prepared(db, 'SELECT * FROM upload_jobs WHERE id = ?').get(id))
}

/** One job by its remote upload id. */
export function getJobByUploadId(db: ReadableDb, uploadId: string): JobRecord | undefined {
  return one(prepared(db, 'SELECT * FROM upload_jobs WHERE upload_id = ?').get(uploadId))
}

/** Every job, oldest first. */
export function listJobs(db: ReadableDb): ReadonlyArray<JobRecord> {
  return many(prepared(db, 'SELECT * FROM upload_jobs ORDER BY created_at, rowid').all())
}
/** Jobs that may have sent a create whose answer was never committed (orphan-sweep.ts). */
export function listUnsureJobs(db: ReadableDb): ReadonlyArray<JobRecord> {
  return many(prepared(db, 'SELECT * FROM upload_jobs WHERE creates_sent > sessions_created').all())
}

/**
 * Counts a job's creates as all answered, unless the count moved since `seen` (a runner claimed the job and
 * may be creating now). Returns whether it did.
 */
export function settleCreates(db: WritableDb, id: string, seen: number): boolean {
  return (
    prepared(
      db,
      'UPDATE upload_jobs SET creates_sent = sessions_created WHERE id = ? AND creates_sent = ?',
    ).run(id, seen).changes === 1
  )
}
/** The older name of listJobs (the `spool queue` command uses it). */
export const listRows = listJobs

/** Every job's id and state, cheaply (the scheduler's idle check). */
export function listStates(db: ReadableDb): ReadonlyArray<Readonly<{ id: string; state: UploadState }>> {
  return prepared(db, 'SELECT id, state FROM upload_jobs').all() as Array<{ id: string; state: UploadState }>
}

/** When the account's most recent upload reached the library (processing or done), or null. */
export function lastDeliveredAt(db: ReadableDb, account: string): string | null {
  const marks = DELIVERED_STATES.map(() => '?').join(', ')
  const row = prepared(
    db,
    `SELECT max(updated_at) AS at FROM upload_jobs WHERE account = ? AND state IN (${marks})`,
  ).get(account, ...DELIVERED_STATES) as { at: string | null } | undefined
  return row?.at ?? null
}

/** Jobs changed at or after `sinceIso` (for watching changes made by other processes). */
export function jobsUpdatedSince(db: ReadableDb, sinceIso: string): ReadonlyArray<JobRecord> {
  return many(prepared(db, 'SELECT * FROM upload_jobs WHERE updated_at >= ?').all(sinceIso))
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
 * patch. Returns the updated job, or null when the job is gone, owned by someone else, or the event is not
 * allowed in its current state.
 */
export function applyEvent(
  db: WritableDb,
  id: string,
  event: UploadEvent,
  options: ApplyOptions,
): JobRecord | null {
  return db
    .transaction((): JobRecord | null => {
      const job = getJob(db, id)
      if (!job) return null
      if (options.owner !== undefined && job.leaseOwner !== options.owner) return null
      const next = transition(job.state, event)
      if (next === null) return null
      const { sets, values } = patchSql(options.patch ?? {})
      prepared(
        db,
        `UPDATE upload_jobs SET ${['state = ?', 'updated_at = ?', ...sets].join(', ')} WHERE id = ?`,
      ).run(next, iso(options.now), ...values, id)
      return getJob(db, id) ?? null
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

/** Puts a job off until `at` without touching anything else (no destination for its account yet). */
export function deferJob(db: WritableDb, id: string, at: number): void {
  prepared(db, 'UPDATE upload_jobs SET next_attempt_at = ? WHERE id = ?').run(at, id)
}

/** Makes every job waiting for the network due now (the network is back). */
export function wakeWaitingJobs(db: WritableDb): void {
  prepared(db, "UPDATE upload_jobs SET next_attempt_at = 0 WHERE state = 'waiting-for-network'").run()
}

/**
 * Sends every job of `account` that waits for a sign-in back to the queue (the account was signed in again);
 * returns the ids it moved.
 */
export function wakeSignedIn(db: WritableDb, account: string, now: number): ReadonlyArray<JobId> {
  const ids = (
    prepared(db, "SELECT id FROM upload_jobs WHERE account = ? AND state = 'needs-sign-in'").all(account) as {
      id: JobId
    }[]
  ).map((r) => r.id)
  return ids.filter((id) =>
    applyEvent(db, id, 'signed-in', { now, patch: { error: null, nextAttemptAt: 0 } }),
  )
}

/** Deletes jobs in `states` (done, and optionally cancelled); returns the ids it removed. */
export function deleteInStates(db: WritableDb, states: ReadonlyArray<UploadState>): ReadonlyArray<JobId> {
  const marks = states.map(() => '?').join(', ')
  return db
    .transaction(() => {
      const ids = prepared(
        db,
        `SELECT id FROM upload_jobs WHERE state IN (${marks}) ORDER BY created_at, rowid`,
      )
        .all(...states)
        .map((r) => (r as { id: JobId }).id)
      prepared(db, `DELETE FROM upload_jobs WHERE state IN (${marks})`).run(...states)
      return ids
    })
    .immediate()
}

// ---- Leases (security-reliability.md F22; the policy lives in leases.ts) -------------------------------

/** What `claimCandidates` filters on. */
export type CandidateFilter = Readonly<{
  now: number
  /** Only these job ids (null = any). */
  scope: ReadonlyArray<string> | null
  includeWaiting: boolean
  kind: 'upload' | 'poll'
}>

/**
 * Runnable jobs due now, in claim order: jobs interrupted mid-flight first (they already hold a session),
 * then the oldest queued. At most 64; the caller picks the first whose lease is free.
 */
export function claimCandidates(db: ReadableDb, filter: CandidateFilter): ReadonlyArray<JobRecord> {
  return many(
    prepared(
      db,
      `SELECT * FROM upload_jobs
         WHERE state IN ${RUNNABLE_SQL} AND next_attempt_at <= ? AND (state = 'processing') = ?
           AND (? = 1 OR state != 'waiting-for-network')
           AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))
         ORDER BY CASE WHEN state IN ('queued', 'waiting-for-network') THEN 1 ELSE 0 END, created_at, rowid
         LIMIT 64`,
    ).all(
      filter.now,
      filter.kind === 'poll' ? 1 : 0,
      filter.includeWaiting ? 1 : 0,
      filter.scope ? 1 : null,
      JSON.stringify(filter.scope ?? []),
    ),
  )
}

/** Records `owner`'s lease on a job until `until`. */
export function setLease(db: WritableDb, id: string, owner: string, until: number): void {
  prepared(db, 'UPDATE upload_jobs SET lease_owner = ?, lease_until = ? WHERE id = ?').run(owner, until, id)
}

/** Extends every lease `owner` holds. */
export function renewLeases(db: WritableDb, owner: string, until: number): void {
  prepared(db, 'UPDATE upload_jobs SET lease_until = ? WHERE lease_owner = ?').run(until, owner)
}

/** Gives a job back (the runner stopped working on it). */
export function releaseLease(db: WritableDb, owner: string, id: string): void {
  prepared(
    db,
    'UPDATE upload_jobs SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?',
  ).run(id, owner)
}

/** Gives back every lease `owner` holds (clean shutdown). */
export function releaseAll(db: WritableDb, owner: string): void {
  prepared(db, 'UPDATE upload_jobs SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?').run(owner)
}
