import { isAbsolute, resolve, dirname } from 'node:path'
import type { ManifestRow } from '../../common/domain/manifest.ts'
import { splitList } from '../../common/domain/manifest.ts'
import type { DuplicateFile, UploadJob } from '../../common/domain/upload.ts'
import type { WritableDb } from '../db/database.ts'
import { createLogger } from '../logging/log.ts'
import { redact } from '../logging/redact.ts'
import { getJob, toUploadJob } from '../uploads/repository.ts'
import { linksOf, setWritten, type ManifestLink } from './links.ts'
import { readManifestFile, writeManifestFile } from './manifest-file.ts'

const log = createLogger('manifest')

/** The result cells of a row for its job. */
export function resultCells(
  job: UploadJob | null,
  link: ManifestLink,
): Pick<ManifestRow, 'status' | 'media_id' | 'url' | 'error'> {
  if (!job) return { status: 'removed', media_id: '', url: '', error: 'The job was cleared from the queue.' }
  const followUpFailed = link.followUpState === 'failed'
  const status = job.state === 'done' && link.followUpState === 'pending' ? 'processing' : job.state
  const error = job.error
    ? redact(job.error.message)
    : followUpFailed
      ? `uploaded, but: ${redact(link.followUpError ?? 'a follow-up failed')}`
      : ''
  return { status, media_id: job.mediaId ?? '', url: link.url ?? '', error }
}

const resolved = (path: string, base: string): string => (isAbsolute(path) ? path : resolve(base, path))

/**
 * Writes every linked job's result into its manifest (the file is replaced atomically). A row naming
 * several destinations becomes one row per destination, each with its own result, in the row's order:
 * what a spreadsheet user can sort and filter, and what a later run of the same manifest reads back as
 * one job per row (a file done on A and failed on B is then sent again to B only).
 */
export function writeResults(db: WritableDb, manifestPath: string): void {
  if (manifestPath === '') return
  const links = linksOf(db, manifestPath)
  if (links.length === 0) return
  const table = readManifestFile(manifestPath)
  const base = dirname(manifestPath)
  const byPath = new Map<string, ManifestLink[]>()
  for (const l of links) {
    const key = resolved(l.rowPath, base)
    byPath.set(key, [...(byPath.get(key) ?? []), l])
  }
  const written: Array<[string, string]> = []
  const rows = table.rows.flatMap(({ row }): ManifestRow[] => {
    const mine = byPath.get(resolved(row.path, base))
    if (!mine || row.path.trim() === '') return [row]
    const named = splitList(row.destination)
    const destinations = named.length > 0 ? named : [...new Set(mine.map((l) => l.destination))]
    return destinations.map((destination) => {
      const link = mine.find((l) => l.destination === destination)
      if (!link) return { ...row, destination }
      const raw = getJob(db, link.jobId)
      const cells = resultCells(raw ? toUploadJob(raw) : null, link)
      written.push([link.jobId, `${cells.status}|${cells.media_id}|${link.followUpState}`])
      return { ...row, ...cells, destination }
    })
  })
  const before = table.rows.map((r) => r.row)
  if (JSON.stringify(rows) !== JSON.stringify(before)) writeManifestFile(manifestPath, rows, table.header)
  for (const [id, w] of written) setWritten(db, id, w)
}

/**
 * `writeResults` for a moment the user is waiting on (start, end of a run): a file that cannot be replaced
 * now (open and locked in a spreadsheet, read-only) is not an error of the upload — the results stay in the
 * database and are written on the next change or run. Answers why it failed, or null.
 */
export function tryWriteResults(db: WritableDb, manifestPath: string): string | null {
  try {
    writeResults(db, manifestPath)
    return null
  } catch (caught) {
    log.warn('a manifest could not be written back', { error: caught })
    const code = (caught as { code?: string }).code
    return `Spool could not write the results into ${manifestPath}${code ? ` (${code})` : ''}; is it open in another program? They are kept and written on the next spool queue run or upload of it.`
  }
}

/**
 * Rows whose file was not queued because the destination already has it (issue 13 §2) say so in the CSV:
 * status `duplicate`, the existing copy's media id, and where it is.
 */
export function markDuplicates(
  manifestPath: string,
  duplicates: ReadonlyArray<Readonly<{ line: number; destination: string; duplicate: DuplicateFile }>>,
  rowPathOf: (line: number) => string | undefined,
): void {
  if (duplicates.length === 0) return
  const table = readManifestFile(manifestPath)
  const base = dirname(manifestPath)
  const rows = table.rows.map((r) => r.row)
  for (const { line, destination, duplicate } of duplicates) {
    const cell = rowPathOf(line)
    if (cell === undefined) continue
    const at = rows.findIndex(
      (r) =>
        resolved(r.path, base) === resolved(cell, base) && splitList(r.destination).join() === destination,
    )
    if (at < 0) continue
    const copy = duplicate.copy
    const where = `already on "${copy.account}"${copy.title ? ` as ${JSON.stringify(copy.title)}` : ''}${duplicate.existingJobId ? ` (job ${duplicate.existingJobId})` : ''}`
    rows[at] = { ...rows[at]!, status: 'duplicate', media_id: copy.mediaId ?? '', error: where }
  }
  writeManifestFile(manifestPath, rows, table.header)
}
