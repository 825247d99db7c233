import type { UploadJob } from '../../common/domain/upload.ts'
import { toAppError } from '../../common/ipc/result.ts'
import type { Destination } from '../accounts/destination.ts'
import type { WritableDb } from '../db/database.ts'
import { createLogger } from '../logging/log.ts'
import { getJob, toUploadJob } from '../uploads/repository.ts'
import {
  hasManifestTable,
  linkOf,
  linksOf,
  manifestsToSettle,
  setFollowUpState,
  setUrl,
  type ManifestLink,
} from './links.ts'

const log = createLogger('manifest')

/** What the write-back listens to: the upload service's change stream. */
export type JobChanges = Readonly<{ onChanged(cb: (job: UploadJob) => void): () => void }>

export type ManifestWriteBack = Readonly<{
  /** Resolves once every follow-up started and every manifest write asked for so far has ended. */
  settle(): Promise<void>
  detach(): void
}>

/**
 * Keeps manifests up to date in the process that runs the queue (issue 15 §1): as each linked job changes,
 * its follow-ups run once it is done and its manifest's rows are rewritten. On attach, what an earlier
 * process left undone (killed mid-batch) is caught up.
 *
 * Every queue runner attaches this, most with no manifest at all: the CSV writer and the follow-ups are
 * loaded the first time a job linked to a manifest changes (B3 counts the memory of what `spool upload`
 * loads).
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
      const { writeResults } = await import('./write-back.ts')
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
      const { runFollowUps } = await import('./follow-ups.ts')
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
