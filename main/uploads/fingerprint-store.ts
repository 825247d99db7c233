import { z } from 'zod'
import { prepared, type ReadableDb, type WritableDb } from '../db/database.ts'
import type { UploadState } from '../../common/domain/upload.ts'

/**
 * The per-destination record of what content went where (`content_fingerprints`, migration 0008): the only
 * code that reads or writes that table. A row is written when a job is queued; the migration's trigger keeps
 * its state, media id and whole-file CRC32C in step with the job, and the row outlives the job.
 */

export type FingerprintRecord = Readonly<{
  jobId: string
  account: string
  fingerprint: string
  /** Whole-file CRC32C (base64), once the upload computed it. */
  crc32c: string | null
  path: string
  mtimeMs: number
  title: string
  state: UploadState
  mediaId: string | null
}>

export type NewFingerprint = Omit<FingerprintRecord, 'crc32c' | 'state' | 'mediaId'>

const Row = z.object({
  job_id: z.string(),
  account: z.string(),
  fingerprint: z.string(),
  crc32c: z.string().nullable(),
  path: z.string(),
  mtime_ms: z.number(),
  title: z.string(),
  state: z.string(),
  media_id: z.string().nullable(),
})

const toRecord = (raw: unknown): FingerprintRecord => {
  const r = Row.parse(raw)
  return {
    jobId: r.job_id,
    account: r.account,
    fingerprint: r.fingerprint,
    crc32c: r.crc32c,
    path: r.path,
    mtimeMs: r.mtime_ms,
    title: r.title,
    state: r.state as UploadState,
    mediaId: r.media_id,
  }
}

/** Records the fingerprints of newly queued jobs (call inside the transaction that inserts them). */
export function recordFingerprints(
  db: WritableDb,
  records: ReadonlyArray<NewFingerprint>,
  now: number,
): void {
  const insert = prepared(
    db,
    `INSERT OR REPLACE INTO content_fingerprints
      (job_id, account, fingerprint, path, mtime_ms, title, state, recorded_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
  )
  const at = new Date(now).toISOString()
  for (const r of records) insert.run(r.jobId, r.account, r.fingerprint, r.path, r.mtimeMs, r.title, at, at)
}

/**
 * Every record at the account of any of these fingerprints, grouped by fingerprint, newest first: one query
 * for a whole enqueue (10,000 files), not one per file.
 */
export function recordsByFingerprint(
  db: ReadableDb,
  account: string,
  fingerprints: ReadonlyArray<string>,
): ReadonlyMap<string, ReadonlyArray<FingerprintRecord>> {
  const grouped = new Map<string, FingerprintRecord[]>()
  if (fingerprints.length === 0) return grouped
  const rows = prepared(
    db,
    `SELECT * FROM content_fingerprints WHERE account = ?
      AND fingerprint IN (SELECT value FROM json_each(?)) ORDER BY recorded_at DESC, rowid DESC`,
  ).all(account, JSON.stringify([...new Set(fingerprints)]))
  for (const record of rows.map(toRecord))
    grouped.set(record.fingerprint, [...(grouped.get(record.fingerprint) ?? []), record])
  return grouped
}

/** Whether a record still counts as a copy: a failed or cancelled job's file is sent again, never a duplicate. */
export const isLive = (record: FingerprintRecord): boolean =>
  record.state !== 'failed' && record.state !== 'cancelled'

/**
 * When the account's most recent recorded upload reached the library (processing or done), or null: unlike
 * the jobs, the record survives `queue clear --done`, so a cache older than this is known to be stale.
 */
export function lastRecordedDelivery(db: ReadableDb, account: string): string | null {
  const row = prepared(
    db,
    `SELECT max(updated_at) AS at FROM content_fingerprints
      WHERE account = ? AND state IN ('processing', 'done')`,
  ).get(account) as { at: string | null } | undefined
  return row?.at ?? null
}

/** The records of these jobs (a relocation looks their files up by content). */
export function recordsForJobs(db: ReadableDb, jobIds: ReadonlyArray<string>): FingerprintRecord[] {
  if (jobIds.length === 0) return []
  return prepared(db, 'SELECT * FROM content_fingerprints WHERE job_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(jobIds))
    .map(toRecord)
}
