import { z } from 'zod'
import type { ReadableDb, WritableDb } from '../db/database.ts'

/**
 * The manifest_rows table (migration 0009): which job each manifest row became, what is left to send once
 * its video exists, and what was last written to the CSV. The only code that reads or writes the table.
 */

/** What is sent once the video exists (ARCHITECTURE.md §7 for PeerTube's captions). */
export const FollowUpsSchema = z.object({
  captions: z
    .array(z.object({ language: z.string(), path: z.string(), url: z.string().optional() }))
    .default([]),
  thumbnail: z.string().nullable().default(null),
  publishAt: z.string().nullable().default(null),
  /** The privacy the video takes at `publishAt`. */
  publishPrivacy: z.string().nullable().default(null),
  language: z.string().nullable().default(null),
})
export type FollowUps = z.output<typeof FollowUpsSchema>

export type FollowUpState = 'none' | 'pending' | 'done' | 'failed'

export type ManifestLink = Readonly<{
  jobId: string
  manifestPath: string
  rowPath: string
  destination: string
  followUps: FollowUps
  followUpState: FollowUpState
  followUpError: string | null
  /** The result last written to the CSV for this row (to skip rewriting an unchanged file). */
  written: string | null
  /** Where the media can be watched, once known. */
  url: string | null
}>

type Raw = {
  job_id: string
  manifest_path: string
  row_path: string
  destination: string
  follow_ups: string
  follow_up_state: FollowUpState
  follow_up_error: string | null
  written: string | null
  url: string | null
}

const toLink = (r: Raw): ManifestLink => ({
  jobId: r.job_id,
  manifestPath: r.manifest_path,
  rowPath: r.row_path,
  destination: r.destination,
  followUps: FollowUpsSchema.parse(JSON.parse(r.follow_ups)),
  followUpState: r.follow_up_state,
  followUpError: r.follow_up_error,
  written: r.written,
  url: r.url,
})

/** Links jobs to their manifest rows (a job queued again keeps its link, with the row's new follow-ups). */
export function linkRows(
  db: WritableDb,
  links: ReadonlyArray<Omit<ManifestLink, 'followUpState' | 'followUpError' | 'written' | 'url'>>,
  now: number,
): void {
  const upsert = db.prepare(
    `INSERT INTO manifest_rows (job_id, manifest_path, row_path, destination, follow_ups, follow_up_state, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (job_id) DO UPDATE SET manifest_path = excluded.manifest_path, row_path = excluded.row_path,
       follow_ups = excluded.follow_ups, follow_up_state = excluded.follow_up_state, follow_up_error = NULL`,
  )
  const at = new Date(now).toISOString()
  for (const l of links)
    upsert.run(l.jobId, l.manifestPath, l.rowPath, l.destination, JSON.stringify(l.followUps), 'pending', at)
}

export function linkOf(db: ReadableDb, jobId: string): ManifestLink | undefined {
  const raw = db.prepare('SELECT * FROM manifest_rows WHERE job_id = ?').get(jobId) as Raw | undefined
  return raw ? toLink(raw) : undefined
}

export function linksOf(db: ReadableDb, manifestPath: string): ReadonlyArray<ManifestLink> {
  return (
    db
      .prepare('SELECT * FROM manifest_rows WHERE manifest_path = ? ORDER BY rowid')
      .all(manifestPath) as Raw[]
  ).map(toLink)
}

/** Every manifest that still has a row whose job or follow-ups have not been written back. */
export function manifestsToSettle(db: ReadableDb): ReadonlyArray<string> {
  return (
    db
      .prepare(
        `SELECT DISTINCT m.manifest_path AS p FROM manifest_rows m JOIN upload_jobs j ON j.id = m.job_id
         WHERE m.follow_up_state = 'pending' OR m.written IS NULL OR m.written NOT LIKE j.state || '%'`,
      )
      .all() as Array<{ p: string }>
  ).map((r) => r.p)
}

export function setFollowUpState(
  db: WritableDb,
  jobId: string,
  state: FollowUpState,
  error: string | null,
): void {
  db.prepare('UPDATE manifest_rows SET follow_up_state = ?, follow_up_error = ? WHERE job_id = ?').run(
    state,
    error,
    jobId,
  )
}

export function setWritten(db: WritableDb, jobId: string, written: string): void {
  db.prepare('UPDATE manifest_rows SET written = ? WHERE job_id = ?').run(written, jobId)
}

export function setUrl(db: WritableDb, jobId: string, url: string | null): void {
  db.prepare('UPDATE manifest_rows SET url = ? WHERE job_id = ?').run(url, jobId)
}

/** Whether migration 0009 has run on this database. */
export function hasManifestTable(db: ReadableDb): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'manifest_rows'").get() !==
    undefined
  )
}
