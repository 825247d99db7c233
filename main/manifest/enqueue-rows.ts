import { randomUUID } from 'node:crypto'
import { basename, dirname, relative } from 'node:path'
import type { ManifestRow, RowProblem } from '../../common/domain/manifest.ts'
import { asBatchId, asJobId } from '../../common/domain/ids.ts'
import type { Batch, BatchOrigin, DuplicateFile, SkippedPath } from '../../common/domain/upload.ts'
import type { WritableDb } from '../db/database.ts'
import { getJob, insertBatch, type NewJob } from '../uploads/repository.ts'
import { sortNewFiles, titleOf, withFingerprint, type NewFile } from '../uploads/duplicate-sort.ts'
import { recordFingerprints, type NewFingerprint } from '../uploads/fingerprint-store.ts'
import type { Provider } from '../providers/provider.ts'
import { scanPaths } from '../uploads/scanner.ts'
import { hasManifestTable, linkRows } from './links.ts'
import { fail } from '../../common/ipc/result.ts'
import type { RowJob } from './resolve.ts'
import { sidecarUrl } from './sidecar-url-base.ts'

/** What queueing a manifest's jobs did. */
export type QueuedRows = Readonly<{
  batch: Batch | null
  added: ReadonlyArray<string>
  /** Jobs of files that had failed, queued again (the caller retries them so the queue runs them). */
  retried: ReadonlyArray<string>
  /** Jobs already done or under way for that file and destination: not queued twice. */
  duplicates: ReadonlyArray<Readonly<{ line: number; destination: string; duplicate: DuplicateFile }>>
  skipped: ReadonlyArray<SkippedPath & Readonly<{ line: number }>>
}>

export type QueueRowsInput = Readonly<{
  jobs: ReadonlyArray<RowJob>
  rows: ReadonlyArray<ManifestRow>
  /** The manifest file results are written back to ('' when the rows have none, e.g. the app's table). */
  manifestPath: string
  origin: BatchOrigin
  label: string
  noWait: boolean
  /** Upload files even when their content is already at the destination (`--force`, the app's checkbox). */
  force: boolean
  now: number
  /** The destinations' providers, to find copies in their libraries; absent: this machine's record only. */
  providerFor?: (account: string) => Promise<Provider>
}>

/**
 * Queues a checked manifest as ONE batch (ARCHITECTURE.md §3): one job per row and destination, with the
 * row's own settings, each linked to its row (migration 0009) in the same transaction, so a kill -9 leaves
 * either nothing or jobs that know where their results go. The files are scanned as a drop would be (media
 * only, fingerprinted); a file already queued or uploaded to that destination is a duplicate, one whose job
 * failed is queued again.
 */
export async function queueRows(db: WritableDb, input: QueueRowsInput): Promise<QueuedRows> {
  if (!hasManifestTable(db))
    fail(
      'internal/unexpected',
      'This Spool database cannot record manifest rows yet (its schema lacks migration 0009).',
    )
  const scan = await scanPaths([...new Set(input.jobs.map((j) => j.path))])
  const files = new Map(scan.files.map((f) => [f.path, f]))
  const refused = new Map(scan.skipped.map((s) => [s.path, s.reason]))
  const iso = new Date(input.now).toISOString()
  const batch: Batch = {
    id: asBatchId(randomUUID()),
    label: input.label,
    origin: input.origin,
    manifestPath: input.manifestPath === '' ? null : input.manifestPath,
    createdAt: iso,
  }
  const added: NewJob[] = []
  const retried: string[] = []
  const linked: Array<Parameters<typeof linkRows>[1][number]> = []
  const duplicates: Array<QueuedRows['duplicates'][number]> = []
  const fingerprints: NewFingerprint[] = []
  const skipped: Array<QueuedRows['skipped'][number]> = []
  const base = input.manifestPath === '' ? null : dirname(input.manifestPath)

  // The same rules as a drop (issue 13 §2), asked once per destination: the same file or the same content
  // already there is a duplicate (with where the copy is), a failed job of the file is sent again.
  const sortings = new Map<string, Promise<Sorting>>()
  const sortingOf = (destination: string): Promise<Sorting> => {
    let sorting = sortings.get(destination)
    if (!sorting) {
      const mine = input.jobs.flatMap((j) =>
        j.destination === destination && files.has(j.path) ? [files.get(j.path)!] : [],
      )
      sorting = sortNewFiles(
        { db, account: destination, now: input.now, force: input.force, settings: { accessPolicy: 'public', metadata: {} }, ...(input.providerFor ? { providerFor: input.providerFor } : {}) },
        mine,
      ).then((sorted) => ({
        fresh: new Map(sorted.fresh.map((f) => [f.path, f])),
        retried: new Map(sorted.retried.flatMap((id) => { const job = getJob(db, id); return job ? [[job.path, id] as const] : [] })),
        duplicates: new Map(sorted.duplicates.map((d) => [d.path, d])),
      })) // prettier-ignore
      sortings.set(destination, sorting)
    }
    return sorting
  }

  for (const job of input.jobs) {
    const file = files.get(job.path)
    if (!file) {
      const reason = refused.get(job.path)
      if (reason) skipped.push({ path: job.path, reason, line: job.line })
      continue
    }
    const sorted = await sortingOf(job.destination)
    let id: string
    const fresh = sorted.fresh.get(file.path)
    const again = sorted.retried.get(file.path)
    const duplicate = sorted.duplicates.get(file.path)
    if (again !== undefined) {
      id = again
      retried.push(id)
    } else if (fresh) {
      id = randomUUID()
      added.push({ id: asJobId(id), batchId: batch.id, account: job.destination, path: fresh.path, name: fresh.name, relativeDir: fresh.relativeDir, size: fresh.size, mtimeMs: fresh.mtimeMs, ino: fresh.ino, dev: fresh.dev, settings: withFingerprint(job.settings, fresh.fingerprint), noWait: input.noWait })
      fingerprints.push({ jobId: id, account: job.destination, fingerprint: fresh.fingerprint, path: fresh.path, mtimeMs: fresh.mtimeMs, title: titleOf(job.settings, fresh.name) })
    } else {
      if (duplicate) duplicates.push({ line: job.line, destination: job.destination, duplicate })
      continue
    } // prettier-ignore
    const captions = job.captions.flatMap((c) => {
      if (job.kind === 'peertube') return [c]
      if (job.sidecarUrlBase === null || base === null) return []
      return [{ ...c, url: sidecarUrl(job.sidecarUrlBase, relative(base, c.path)) }]
    })
    linked.push({
      jobId: id,
      manifestPath: input.manifestPath,
      rowPath: input.rows[job.row]?.path ?? job.path,
      destination: job.destination,
      followUps: {
        captions,
        thumbnail: job.kind === 'peertube' ? job.thumbnail : null,
        publishAt: job.kind === 'peertube' ? job.publishAt : null,
        publishPrivacy: job.publishAt !== null ? job.publishPrivacy : null,
        language: job.kind === 'peertube' ? job.language : null,
      },
    })
  }
  const used = added.length + retried.length > 0
  db.transaction(() => {
    if (used) insertBatch(db, batch, added, retried, input.now)
    recordFingerprints(db, fingerprints, input.now)
    linkRows(db, linked, input.now)
  })()
  return { batch: used ? batch : null, added: added.map((j) => j.id), retried, duplicates, skipped }
}

/** One destination's files sorted into new, sent again (by path → job id) and duplicates. */
type Sorting = Readonly<{
  fresh: ReadonlyMap<string, NewFile>
  retried: ReadonlyMap<string, string>
  duplicates: ReadonlyMap<string, DuplicateFile>
}>

/** A manifest batch's label: the manifest's file name, or the rows' count. */
export const manifestLabel = (manifestPath: string, rows: number): string =>
  manifestPath === '' ? `${rows} reviewed file(s)` : basename(manifestPath)

/** Problems as the review table takes them: by row index and line. */
export function rowProblems(
  problems: ReadonlyArray<Readonly<{ line: number; message: string }>>,
  lineToRow: (line: number) => number,
): RowProblem[] {
  return problems.map((p) => ({ row: lineToRow(p.line), line: p.line, message: p.message }))
}
