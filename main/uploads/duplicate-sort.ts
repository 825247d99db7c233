import { asAccountName, asJobId, asMediaId } from '../../common/domain/ids.ts'
import {
  encodeSpoolMetadata,
  readSpoolMetadata,
  SPOOL_METADATA_KEY,
} from '../../common/domain/spool-metadata.ts'
import type { DuplicateFile, UploadSettings } from '../../common/domain/upload.ts'
import { findDuplicates, type DuplicateCheckDeps, type FingerprintedFile } from './duplicates.ts'
import { findByFingerprint, getJob } from './repository.ts'
import { applyMoves } from './relocate.ts'
import type { ScannedFile } from './scanner.ts'

/** A scanned file that will get a new job, with its fingerprint and the title its media will get. */
export type NewFile = ScannedFile & FingerprintedFile

/** How the files of one enqueue were sorted. */
export type SortedFiles = Readonly<{
  fresh: ReadonlyArray<NewFile>
  /** Jobs of these files that failed earlier: sent again, as Retry would. */
  retried: ReadonlyArray<string>
  duplicates: ReadonlyArray<DuplicateFile>
}>

/** The title a file's media gets: the one chosen for the batch, else the file name without its extension. */
export const titleOf = (settings: UploadSettings, name: string): string =>
  settings.title ?? name.replace(/\.[^.]+$/, '')

/**
 * Sorts an enqueue's scanned files (issue 13 §2): a file whose earlier job here failed is retried; one
 * whose content already went (or is going) to the account is a duplicate — unless `force`, which queues
 * every file again; the file of an unfinished job that is gone from its old place is that job's, which is
 * pointed here and continues (reported as `moved`); the rest are new.
 */
export async function sortNewFiles(
  deps: DuplicateCheckDeps & Readonly<{ force: boolean; settings: UploadSettings }>,
  files: ReadonlyArray<ScannedFile>,
): Promise<SortedFiles> {
  const retried: string[] = []
  const duplicates: DuplicateFile[] = []
  const candidates: ScannedFile[] = []
  for (const f of files) {
    const existing = findByFingerprint(deps.db, deps.account, f.path, f.size, f.mtimeMs)
    // A file whose earlier job failed is sent again (as Retry would), not reported as a duplicate.
    if (existing?.state === 'failed') retried.push(existing.id)
    else if (existing && !deps.force)
      duplicates.push({
        path: f.path,
        match: 'same-file',
        existingJobId: asJobId(existing.id),
        state: existing.state,
        copy: {
          account: asAccountName(deps.account),
          mediaId: existing.mediaId ? asMediaId(existing.mediaId) : null,
          title: titleOf(existing.settings, existing.name),
        },
      })
    else candidates.push(f)
  }

  const fingerprinted = candidates.map((f) => ({ ...f, title: titleOf(deps.settings, f.name) }))
  const found = deps.force ? new Map<string, DuplicateFile>() : await findDuplicates(deps, fingerprinted)
  duplicates.push(...movedHere(deps, files, [...found.values()]))
  return { fresh: fingerprinted.filter((f) => !found.has(f.path)), retried, duplicates }
}

/**
 * Points the jobs whose files were found moved at their new places (relocate.ts) and reports them in their
 * state after the move (a job that had failed for its missing file is queued again).
 */
function movedHere(
  deps: DuplicateCheckDeps,
  files: ReadonlyArray<ScannedFile>,
  found: ReadonlyArray<DuplicateFile>,
): DuplicateFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]))
  const moves = found.flatMap((d) => {
    const job = d.match === 'moved' && d.existingJobId ? getJob(deps.db, d.existingJobId) : undefined
    const to = byPath.get(d.path)
    return job && to ? [{ job, to }] : []
  })
  applyMoves(deps.db, moves, deps.now)
  return found.map((d) => {
    const now = d.match === 'moved' && d.existingJobId ? getJob(deps.db, d.existingJobId) : undefined
    return now ? { ...d, state: now.state } : d
  })
}

/**
 * A job's settings with its file's fingerprint in Spool's metadata key, so the media it becomes says which
 * content it holds (FastPix; PeerTube has no metadata and keeps the fingerprint only in this machine's record).
 */
export function withFingerprint(settings: UploadSettings, fingerprint: string): UploadSettings {
  const own = readSpoolMetadata(settings.metadata)
  return {
    ...settings,
    metadata: { ...settings.metadata, [SPOOL_METADATA_KEY]: encodeSpoolMetadata({ ...own, fingerprint }) },
  }
}
