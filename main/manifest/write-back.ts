import { isAbsolute, resolve, dirname } from 'node:path'
import type { ManifestRow } from '../../common/domain/manifest.ts'
import { splitList } from '../../common/domain/manifest.ts'
import type { UploadJob } from '../../common/domain/upload.ts'
import { toAppError } from '../../common/ipc/result.ts'
import type { Destination } from '../accounts/destination.ts'
import type { WritableDb } from '../db/database.ts'
import { createLogger } from '../logging/log.ts'
import { redact } from '../logging/redact.ts'
import { getJob, toUploadJob } from '../uploads/repository.ts'
import { runFollowUps } from './follow-ups.ts'
import {
  hasManifestTable,
  linkOf,
  linksOf,
  manifestsToSettle,
  setFollowUpState,
  setUrl,
  setWritten,
  type ManifestLink,
} from './links.ts'
import { readManifestFile, writeManifestFile } from './manifest-file.ts'

const log = createLogger('manifest')

/** What the write-back listens to: the upload service's change stream. */
export type JobChanges = Readonly<{ onChanged(cb: (job: UploadJob) => void): () => void }>

export type ManifestWriteBack = Readonly<{
  /** Resolves once every follow-up started and every manifest write asked for so far has ended. */
  settle(): Promise<void>
  detach(): void
}>

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

/** Whether a CSV row is the one a link names (its path, and its destination, or the only one it has). */
function isRowOf(row: ManifestRow, link: ManifestLink, base: string): boolean {
  const path = isAbsolute(row.path) ? row.path : resolve(base, row.path)
  const linkPath = isAbsolute(link.rowPath) ? link.rowPath : resolve(base, link.rowPath)
  if (path !== linkPath) return false
  const names = splitList(row.destination)
  return names.length === 0 || (names.length === 1 && names[0] === link.destination)
}

/** Writes every linked job's result into its manifest's rows (the file is replaced atomically). */
export function writeResults(db: WritableDb, manifestPath: string): void {
  const links = linksOf(db, manifestPath)
  if (links.length === 0 || manifestPath === '') return
  const table = readManifestFile(manifestPath)
  const base = dirname(manifestPath)
  const rows = table.rows.map((r) => r.row)
  let changed = false
  const written: Array<[string, string]> = []
  for (const link of links) {
    const raw = getJob(db, link.jobId)
    const cells = resultCells(raw ? toUploadJob(raw) : null, link)
    const at = rows.findIndex((r) => isRowOf(r, link, base))
    if (at < 0) continue // the user removed the row: nothing to write
    const row = rows[at]!
    const next = { ...row, ...cells, destination: link.destination }
    if (JSON.stringify(next) !== JSON.stringify(row)) changed = true
    rows[at] = next
    written.push([link.jobId, `${cells.status}|${cells.media_id}|${link.followUpState}`])
  }
  if (changed) writeManifestFile(manifestPath, rows, table.header)
  for (const [id, w] of written) setWritten(db, id, w)
}

/**
 * Keeps manifests up to date in the process that runs the queue (issue 15 §1): as each linked job changes,
 * its follow-ups run once it is done and its manifest's rows are rewritten. On attach, what an earlier
 * process left undone (killed mid-batch) is caught up.
 */
export function attachManifestWriteBack(
  db: WritableDb,
  changes: JobChanges,
  open: (account: string) => Promise<Destination>,
): ManifestWriteBack {
  if (!hasManifestTable(db)) {
    log.warn('this database has no manifest table yet; manifest results are not written back')
    return { settle: () => Promise.resolve(), detach: () => undefined }
  }
  const pending = new Set<Promise<void>>()
  const running = new Set<string>()
  const dirty = new Set<string>()
  let flush: Promise<void> | null = null
  const track = (p: Promise<void>): void => {
    pending.add(p)
    void p.finally(() => pending.delete(p))
  }

  const scheduleWrite = (manifestPath: string): void => {
    if (manifestPath === '') return
    dirty.add(manifestPath)
    flush ??= (async () => {
      await new Promise((r) => setTimeout(r, 100)) // coalesce a burst of changes into one write
      flush = null
      for (const path of [...dirty]) {
        dirty.delete(path)
        try {
          writeResults(db, path)
        } catch (caught) {
          log.warn('a manifest could not be written back; kept for the next change', { error: caught })
        }
      }
    })()
    track(flush)
  }

  const followUp = async (job: UploadJob, link: ManifestLink): Promise<void> => {
    try {
      const destination = await open(link.destination)
      const url = await runFollowUps(job, link.followUps, destination, AbortSignal.timeout(120_000))
      setUrl(db, job.id, url)
      setFollowUpState(db, job.id, 'done', null)
    } catch (caught) {
      const error = toAppError(caught)
      log.warn('a manifest follow-up failed', { error: caught })
      setFollowUpState(db, job.id, 'failed', error.message)
    }
  }

  const changed = (job: UploadJob): void => {
    const link = linkOf(db, job.id)
    if (!link) return
    if (job.state === 'done' && link.followUpState === 'pending' && !running.has(job.id)) {
      running.add(job.id)
      track(
        followUp(job, link).finally(() => {
          running.delete(job.id)
          scheduleWrite(link.manifestPath)
        }),
      )
    }
    scheduleWrite(link.manifestPath)
  }

  const off = changes.onChanged(changed)
  // Catch up: jobs that ended (or follow-ups left pending) while no process was writing back.
  for (const path of manifestsToSettle(db))
    for (const link of linksOf(db, path)) {
      const raw = getJob(db, link.jobId)
      if (raw) changed(toUploadJob(raw))
    }

  return {
    async settle() {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
    detach: off,
  }
}
