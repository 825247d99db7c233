import { stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import type { RelocationReport } from '../../common/domain/upload.ts'
import type { WritableDb } from '../db/database.ts'
import { recordsForJobs } from './fingerprint-store.ts'
import { retryJobs } from './control.ts'
import { getJob, listJobs, patchAny, type JobRecord } from './repository.ts'
import { scanPaths, type ScannedFile } from './scanner.ts'

/**
 * Files of unfinished jobs found again at another place (issue 13 §1): a camera card mounted again at
 * another path, a folder renamed between a kill and a resume. A job is moved only when its file is gone from
 * where it was queued and a file with the same content fingerprint is where the user points; the job then
 * continues its upload from the bytes the server already has (the final CRC32C check still compares every
 * byte). A job that failed only because its file went missing goes back to the queue.
 */

/** A job's file found again: the job, where it was, the file now. */
export type Move = Readonly<{ job: JobRecord; to: ScannedFile }>

/** Jobs worth moving: not finished, or failed only because their file went missing. */
export function isRelocatable(job: JobRecord): boolean {
  if (job.state === 'failed') return job.error?.code === 'upload/source-missing'
  return job.state !== 'done' && job.state !== 'cancelled' && job.state !== 'processing'
}

/** Whether nothing is at the job's path any more (or something that is not its file: another size). */
export async function fileIsGone(job: JobRecord): Promise<boolean> {
  try {
    const s = await stat(job.path)
    return !s.isFile() || s.size !== job.size
  } catch {
    return true
  }
}

/** Points each job at its file's new place, in one transaction; failed ones are queued again. */
export function applyMoves(db: WritableDb, moves: ReadonlyArray<Move>, now: number): void {
  db.transaction(() => {
    for (const { job, to } of moves)
      patchAny(db, job.id, { path: to.path, mtimeMs: to.mtimeMs, ino: to.ino, dev: to.dev }, now)
    const failed = moves.filter((m) => m.job.state === 'failed').map((m) => m.job.id)
    if (failed.length > 0) retryJobs(db, failed, now)
  }).immediate()
}

const under = (path: string, root: string): string | null => {
  const rel = relative(root, path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : null
}

/**
 * `spool queue relocate OLD NEW` (and the app's "Find…", which has no OLD: every job whose file is gone):
 * every relocatable job whose file was under OLD and is gone is looked for under NEW — first at the same
 * relative path, then anywhere under NEW by its content fingerprint (a job queued before fingerprints were
 * recorded is matched at its relative path by size only).
 */
export async function relocate(
  db: WritableDb,
  from: string | null,
  to: string,
  now: number,
): Promise<RelocationReport> {
  const oldRoot = from === null ? null : resolve(from)
  const candidates: JobRecord[] = []
  for (const job of listJobs(db)) {
    const inScope = oldRoot === null || under(job.path, oldRoot) !== null
    if (isRelocatable(job) && inScope && (await fileIsGone(job))) candidates.push(job)
  }
  if (candidates.length === 0) return { moved: [], notFound: [] }
  const scan = await scanPaths([to])
  const byPath = new Map(scan.files.map((f) => [f.path, f]))
  const byFingerprint = new Map<string, ScannedFile[]>()
  for (const f of scan.files)
    byFingerprint.set(f.fingerprint, [...(byFingerprint.get(f.fingerprint) ?? []), f])
  const prints = new Map(
    recordsForJobs(
      db,
      candidates.map((j) => j.id),
    ).map((r) => [r.jobId, r.fingerprint]),
  )
  const newRoot = resolve(to)

  const moves: Move[] = []
  const notFound: Array<{ jobId: string; path: string }> = []
  for (const job of candidates) {
    const print = prints.get(job.id)
    const rel = oldRoot === null ? null : under(job.path, oldRoot)
    const samePlace = rel === null ? undefined : byPath.get(resolve(newRoot, rel))
    const found =
      samePlace && (print ? samePlace.fingerprint === print : samePlace.size === job.size)
        ? samePlace
        : print && byFingerprint.get(print)?.length === 1
          ? byFingerprint.get(print)![0]
          : undefined
    if (found) moves.push({ job, to: found })
    else notFound.push({ jobId: job.id, path: job.path })
  }
  applyMoves(db, moves, now)
  return {
    moved: moves.map(({ job, to: file }) => ({
      jobId: job.id,
      from: job.path,
      to: file.path,
      bytesAcked: getJob(db, job.id)?.bytesAcked ?? job.bytesAcked,
      size: job.size,
    })),
    notFound,
  }
}
