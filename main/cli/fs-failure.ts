import { appError, type AppError } from '../../common/ipc/result.ts'

/** Plain words for the file-system errors a path given by the user can run into. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'something is already there',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'symbolic links loop',
  EROFS: 'the disk is read-only',
  ENXIO: 'it is a device or pipe nobody is reading',
}

/**
 * A file-system error that names its path (Node's fs errors do): the path and the reason in plain words
 * instead of the raw `ENOTDIR: not a directory, mkdir '…'`. Any other error gives null.
 */
export function fileSystemFailure(caught: unknown): AppError | null {
  const { code, path } = (caught ?? {}) as { code?: unknown; path?: unknown }
  if (typeof code !== 'string' || typeof path !== 'string') return null
  const reason = REASONS[code]
  if (!reason) return null
  const shown = path.length > 120 ? `${path.slice(0, 60)}…${path.slice(-40)}` : path
  return appError('fs/permission', `Spool cannot use ${JSON.stringify(shown)}: ${reason}.`, { detail: code })
}
