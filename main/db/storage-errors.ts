import { statfsSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { appError, type AppError } from '../../common/ipc/result.ts'

/** Below this much free space an I/O error while writing is taken to be the disk filling up. */
const NEARLY_FULL_BYTES = 4 * 1024 * 1024

/** Free bytes on the file system holding `path` (null when it cannot be asked). */
function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(path)
    return s.bavail * s.bsize
  } catch {
    return null
  }
}

const isInside = (path: string, folder: string): boolean =>
  path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)

const codeOf = (caught: unknown): string => {
  const code = (caught as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : ''
}

/**
 * A full disk under Spool's home, as SQLite (SQLITE_FULL, or SQLITE_IOERR_* when the write that failed was
 * the one that ran out of room) or Node (ENOSPC, EDQUOT) reports it, turned into what a user can act on.
 * Nothing is corrupted by it: SQLite rolls the failed transaction back, so the queue is as it was at the
 * last commit and resumes once space is freed. Anything else gives null.
 */
export function storageFailure(caught: unknown, home: string): AppError | null {
  const code = codeOf(caught)
  const full = code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT'
  const ioError = code.startsWith('SQLITE_IOERR') || code === 'EIO'
  if (!full && !ioError) return null
  // Node names the file it was writing: one outside SPOOL_HOME (a manifest next to the videos) is on its own disk.
  const path = (caught as { path?: unknown }).path
  if (full && typeof path === 'string' && !isInside(resolve(path), resolve(home)))
    return appError(
      'fs/disk-full',
      `The disk holding ${path} is full. Free some space on it and run the command again.`,
      {
        detail: code,
      },
    )
  const free = freeBytes(home)
  if (full || (free !== null && free < NEARLY_FULL_BYTES))
    return appError(
      'fs/disk-full',
      'The disk holding SPOOL_HOME is full: Spool could not save its queue. What was saved before is ' +
        'intact; free some space on that disk (or set SPOOL_HOME to a folder on another one) and run the ' +
        'command again — `spool queue run` continues unfinished uploads.',
      { detail: `SPOOL_HOME is ${home}` },
    )
  return appError(
    'db/error',
    'The disk holding SPOOL_HOME reported an error while Spool was writing to it. What was saved before is ' +
      'intact; check the disk and run the command again.',
    { detail: `${code} under ${home}` },
  )
}
