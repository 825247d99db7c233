import { stat } from 'node:fs/promises'
import type { DuplicateFile } from '../../common/domain/upload.ts'
import { asAccountName, asJobId, asMediaId } from '../../common/domain/ids.ts'
import type { WritableDb } from '../db/database.ts'
import { createLogger } from '../logging/log.ts'
import type { Provider } from '../providers/provider.ts'
import { fullCrc32c } from './fingerprint.ts'
import { isLive, recordsByFingerprint, type FingerprintRecord } from './fingerprint-store.ts'
import { fileIsGone, isRelocatable } from './relocate.ts'
import { getJob, type JobRecord } from './repository.ts'
import { findLibraryCopies, type LibraryView } from './duplicate-library.ts'

const log = createLogger('duplicates')

/** How long an enqueue waits for the destination's library before judging from this machine only. */
const LIBRARY_LOOKUP_MS = 20_000

/** A file about to be queued, with its quick fingerprint and the title its media would get. */
export type FingerprintedFile = Readonly<{
  path: string
  name: string
  size: number
  mtimeMs: number
  fingerprint: string
  title: string
}>

export type DuplicateCheckDeps = Readonly<{
  db: WritableDb
  account: string
  /** The account's destination, to consult its library; absent: only this machine's record is consulted. */
  providerFor?: (account: string) => Promise<Provider>
  now: number
  signal?: AbortSignal
}>

/**
 * Which of `files` the destination already has or is getting (issue 13 §2), by content: this machine's
 * record of what went to the account (it survives a cleared queue), then, for the rest, the account's
 * library (cache refreshed when stale), which also knows what other machines uploaded. A match on the quick
 * fingerprint is confirmed by the whole file's CRC32C wherever the other copy's is known or readable. Two
 * files of one enqueue with the same content: the second is the duplicate. Keyed by path.
 */
export async function findDuplicates(
  deps: DuplicateCheckDeps,
  files: ReadonlyArray<FingerprintedFile>,
): Promise<Map<string, DuplicateFile>> {
  const found = new Map<string, DuplicateFile>()
  const recorded = recordsByFingerprint(
    deps.db,
    deps.account,
    files.map((f) => f.fingerprint),
  )
  const account = asAccountName(deps.account)
  const crcs = new Map<string, Promise<string | null>>()
  const crcOf = (path: string): Promise<string | null> => {
    let known = crcs.get(path)
    if (!known) {
      known = fullCrc32c(path).catch(() => null)
      crcs.set(path, known)
    }
    return known
  }
  /** Whether `file` holds the same bytes as the recorded copy (the quick fingerprints already agree). */
  const confirmed = async (file: FingerprintedFile, other: { path: string; crc32c: string | null }) => {
    const theirs = other.crc32c ?? (await readableSameSize(other.path, file.size) ? await crcOf(other.path) : null)
    return theirs === null || (await crcOf(file.path)) === theirs
  } // prettier-ignore

  let library: LibraryView | null = null
  const libraryView = async (): Promise<LibraryView | null> => {
    if (!deps.providerFor) return null
    try {
      // Bounded: an unreachable destination must not hold a drop for minutes of retries.
      const signal = deps.signal ?? AbortSignal.timeout(LIBRARY_LOOKUP_MS)
      library ??= await findLibraryCopies({ ...deps, signal }, files)
    } catch (caught) {
      log.warn('the library could not be consulted; duplicates judged from this machine only', {
        error: caught,
      })
      library = { copies: new Map(), holds: () => true }
    }
    return library
  }

  /** One report entry: how the file was recognised, the job holding its content (if any), the copy. */
  const entry = (
    file: FingerprintedFile,
    match: DuplicateFile['match'],
    job: Readonly<{ id: string; state: DuplicateFile['state'] }> | null,
    copy: Readonly<{ mediaId: string | null; title: string | null }>,
  ): DuplicateFile => ({
    path: file.path,
    match,
    existingJobId: job ? asJobId(job.id) : null,
    state: job?.state ?? null,
    copy: { account, mediaId: copy.mediaId ? asMediaId(copy.mediaId) : null, title: copy.title },
  })

  const firstOfBatch = new Map<string, FingerprintedFile>()
  /** Files of this enqueue with the same content as an earlier one: path → the earlier one's path. */
  const sameAsEarlier = new Map<string, string>()
  for (const file of files) {
    const moved = await movedJob(file)
    if (moved) {
      found.set(file.path, entry(file, 'moved', moved.job, { mediaId: null, title: moved.title }))
      continue
    }
    const record = await recordedCopy(file)
    if (record) {
      const same = record.path === file.path && record.mtimeMs === file.mtimeMs
      found.set(file.path, entry(file, same ? 'same-file' : 'same-content', { id: record.jobId, state: record.state }, record)) // prettier-ignore
      continue
    }
    const earlier = firstOfBatch.get(file.fingerprint)
    if (earlier && (await confirmed(file, { path: earlier.path, crc32c: null }))) {
      sameAsEarlier.set(file.path, earlier.path)
      found.set(file.path, entry(file, 'same-content', null, { mediaId: null, title: earlier.title }))
      continue
    }
    firstOfBatch.set(file.fingerprint, file)
  }

  const rest = files.filter((f) => !found.has(f.path) && firstOfBatch.get(f.fingerprint) === f)
  const view = rest.length > 0 ? await libraryView() : null
  for (const file of rest) {
    const copy = view?.copies.get(file.path)
    if (copy) found.set(file.path, entry(file, 'library', null, copy))
  }
  // A copy of a file the library already holds points at that media, not at the other file.
  for (const [path, earlier] of sameAsEarlier) {
    const there = found.get(earlier)
    if (there?.match === 'library') found.set(path, { ...there, path })
  }
  return found

  /**
   * An unfinished job of this content whose file is gone from where it was queued (a card mounted again at
   * another path): this file is that job's, moved. Its bytes are compared with the server's at the end.
   */
  async function movedJob(file: FingerprintedFile): Promise<{ job: JobRecord; title: string } | null> {
    for (const record of recorded.get(file.fingerprint) ?? []) {
      const job = getJob(deps.db, record.jobId)
      if (!job || job.path === file.path || job.size !== file.size || !isRelocatable(job)) continue
      if (await fileIsGone(job)) return { job, title: record.title }
    }
    return null
  }

  /** The newest recorded copy of the file's content that still exists, confirmed; null when none. */
  async function recordedCopy(file: FingerprintedFile): Promise<FingerprintRecord | null> {
    for (const record of (recorded.get(file.fingerprint) ?? []).filter(isLive)) {
      // A delivered copy the user has since deleted from the library does not count.
      if (record.mediaId && (record.state === 'done' || record.state === 'processing')) {
        const view = await libraryView()
        if (view && !view.holds(record.mediaId)) continue
      }
      const sameFile = record.path === file.path && record.mtimeMs === file.mtimeMs
      if (sameFile || (await confirmed(file, record))) return record
    }
    return null
  }
}

async function readableSameSize(path: string, size: number): Promise<boolean> {
  try {
    const s = await stat(path)
    return s.isFile() && s.size === size
  } catch {
    return false
  }
}
