import { lstat, open, readdir, realpath, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { appError, type AppError } from '../../common/ipc/result.ts'
import type { SkippedPath } from '../../common/domain/upload.ts'
import { hasMediaExtension, isSystemFile, sniffContainer, SNIFF_BYTES } from './logic/media-sniff.ts'
import { readEdges } from './fingerprint.ts'

/**
 * A file found by a scan, with what enqueue records: its identity (size, mtime, inode, device: any change
 * later means the file changed) and its content fingerprint (the same video under any name or folder).
 */
export type ScannedFile = Readonly<{
  path: string
  name: string
  /** Folder relative to the dropped root, '/'-separated; '' for the root itself or a dropped file. */
  relativeDir: string
  size: number
  mtimeMs: number
  ino: string
  dev: string
  fingerprint: string
}>

/** What a scan produced: media files to queue and per-path reasons for everything refused. */
export type ScanResult = Readonly<{ files: ReadonlyArray<ScannedFile>; skipped: ReadonlyArray<SkippedPath> }>

const SNIFF_PARALLEL = 64
const STAT_PARALLEL = 256

const skip = (path: string, reason: AppError): SkippedPath => ({ path, reason })

/** Maps a file-system error to the reason shown next to the file. */
export function fsReason(caught: unknown, what: 'file' | 'folder' = 'file'): AppError {
  const code = (caught as { code?: string } | null)?.code ?? ''
  if (code === 'ENOENT')
    return appError('upload/source-missing', `The ${what} no longer exists.`, { detail: code })
  if (code === 'ELOOP')
    return appError('upload/source-unreadable', 'A symbolic link loops back on itself.', { detail: code })
  return appError('upload/source-unreadable', `Spool cannot read this ${what}.`, {
    detail: code || 'unknown',
  })
}

/** Reason for a non-regular file (FIFO, socket, device) that must never be opened (a FIFO would block). */
function notRegular(s: Stats): AppError {
  const kind = s.isFIFO() ? 'a named pipe' : s.isSocket() ? 'a socket' : 'a device or special file'
  return appError('upload/source-unreadable', `This is ${kind}, not a regular file.`)
}

const isWithin = (path: string, root: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

const outsideChosen = (): AppError =>
  appError(
    'input/not-chosen',
    'This link leads outside the files and folders you chose; Spool does not follow it.',
  )

/**
 * Opens the file once: its first bytes must announce a media container, and both its ends give its quick
 * content fingerprint (fingerprint.ts). A file shorter than its stated size or unreadable gets a reason.
 */
async function inspect(path: string, size: number): Promise<AppError | { fingerprint: string }> {
  let handle
  try {
    handle = await open(path, 'r')
    const { fingerprint, head } = await readEdges(handle, size)
    if (sniffContainer(head.subarray(0, SNIFF_BYTES))) return { fingerprint }
    return appError(
      'upload/not-media',
      'This file is not a video or audio file (its content says otherwise).',
    )
  } catch (caught) {
    return fsReason(caught)
  } finally {
    await handle?.close()
  }
}

/**
 * Walks the given files and folders (recursively), keeping media files only. Hidden and system files are
 * skipped silently; everything else that is refused gets a reason. Every real folder is read once: the real
 * tree of every input first, then the symbolic links met on the way, so a file is named by its own folder
 * rather than by a link's path. A link that leads outside what the user chose is skipped with a reason, one
 * that leads back to a folder containing it is reported once as a loop, and one into a folder already read
 * adds nothing. Sniffing runs with bounded parallelism.
 */
export async function scanPaths(inputs: ReadonlyArray<string>): Promise<ScanResult> {
  const candidates: Array<{ path: string; root: string | null; stats: Stats }> = []
  const skipped: SkippedPath[] = []
  const seenFiles = new Set<string>()
  /** Real paths of the folders read so far. */
  const walked = new Set<string>()
  /** Links met while walking, followed once the real trees are read (`at`: where the link really is). */
  const links: Array<{ path: string; at: string; root: string }> = []

  const addFile = (path: string, root: string | null, s: Stats): void => {
    const key = `${s.dev}:${s.ino}`
    if (seenFiles.has(key)) return
    seenFiles.add(key)
    if (!s.isFile()) return void skipped.push(skip(path, notRegular(s)))
    if (!hasMediaExtension(basename(path))) {
      skipped.push(skip(path, appError('upload/not-media', 'Not a video or audio file (by its extension).')))
      return
    }
    if (s.size === 0)
      return void skipped.push(skip(path, appError('upload/empty-file', 'The file is empty.')))
    candidates.push({ path, root, stats: s })
  }

  /** Reads `dir` (whose real path is `real`) and its real subfolders; links are queued for later. */
  const walk = async (dir: string, real: string, root: string): Promise<void> => {
    if (walked.has(real)) return
    walked.add(real)
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (caught) {
      return void skipped.push(skip(dir, fsReason(caught, 'folder')))
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // Dirent has no size: one stat per regular file, issued in parallel batches (10,000 files in a folder).
    const plain = entries.filter((e) => e.isFile() && !isSystemFile(e.name)).map((e) => join(dir, e.name))
    for (let i = 0; i < plain.length; i += STAT_PARALLEL) {
      const slice = plain.slice(i, i + STAT_PARALLEL)
      const stats = await Promise.allSettled(slice.map((p) => stat(p)))
      stats.forEach((r, j) => {
        const path = slice[j]!
        if (r.status === 'fulfilled') addFile(path, root, r.value)
        else skipped.push(skip(path, fsReason(r.reason)))
      })
    }
    for (const entry of entries) {
      if (isSystemFile(entry.name) || entry.isFile()) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path, join(real, entry.name), root)
      else if (entry.isSymbolicLink()) links.push({ path, at: join(real, entry.name), root })
      else {
        try {
          addFile(path, root, await lstat(path))
        } catch (caught) {
          skipped.push(skip(path, fsReason(caught)))
        }
      }
    }
  }

  const follow = async (link: { path: string; at: string; root: string }): Promise<void> => {
    let s: Stats
    let real: string
    try {
      s = await stat(link.path)
      real = await realpath(link.path)
    } catch (caught) {
      return void skipped.push(skip(link.path, fsReason(caught)))
    }
    // A link that leads outside what the user chose is not followed: nothing of that place is read or named.
    if (![...chosen].some((c) => isWithin(real, c)))
      return void skipped.push(skip(link.path, outsideChosen()))
    if (!s.isDirectory()) return addFile(link.path, link.root, s)
    if (isWithin(link.at, real)) {
      skipped.push(
        skip(
          link.path,
          appError('upload/source-unreadable', 'A symbolic link loops back to a parent folder.'),
        ),
      )
      return
    }
    await walk(link.path, real, link.root)
  }

  const chosen = new Set<string>()
  for (const input of inputs) {
    try {
      chosen.add(await realpath(resolve(input)))
    } catch {
      // Reported below when the input is visited.
    }
  }

  for (const input of inputs) {
    const path = resolve(input)
    let s: Stats
    try {
      s = await stat(path)
    } catch (caught) {
      skipped.push(skip(path, fsReason(caught)))
      continue
    }
    if (s.isDirectory()) await walk(path, await realpath(path), path)
    else addFile(path, null, s)
  }
  for (let link = links.shift(); link; link = links.shift()) await follow(link)

  const files: ScannedFile[] = []
  for (let i = 0; i < candidates.length; i += SNIFF_PARALLEL) {
    const slice = candidates.slice(i, i + SNIFF_PARALLEL)
    const verdicts = await Promise.all(slice.map((c) => inspect(c.path, c.stats.size)))
    slice.forEach((c, j) => {
      const verdict = verdicts[j]!
      if (!('fingerprint' in verdict)) return void skipped.push(skip(c.path, verdict))
      // Relative to the dropped folder's parent, so the folder's own name is kept: a file dropped as part of
      // `Shoot-01` is filed under `Shoot-01` (or `Shoot-01/day 2`), which is what the user recognises.
      const rel = c.root ? relative(dirname(c.root), dirname(c.path)) : ''
      files.push({
        path: c.path,
        name: basename(c.path),
        relativeDir: rel.split(sep).join('/'),
        size: c.stats.size,
        mtimeMs: c.stats.mtimeMs,
        ino: String(c.stats.ino),
        dev: String(c.stats.dev),
        fingerprint: verdict.fingerprint,
      })
    })
  }
  return { files, skipped }
}
