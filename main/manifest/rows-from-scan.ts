import { basename, dirname, isAbsolute, relative, sep } from 'node:path'
import {
  emptyRow,
  LIST_SEPARATOR,
  type BatchDefaults,
  type ManifestRow,
} from '../../common/domain/manifest.ts'
import type { SkippedPath } from '../../common/domain/upload.ts'
import { appError } from '../../common/ipc/result.ts'
import { scanPaths, type ScannedFile } from '../uploads/scanner.ts'
import { createFolderReader, findSidecars, formatBeside, formatCaptions, isSidecarName } from './sidecars.ts'
import { renderTitle, templateValues } from './title-template.ts'

/** The language of a caption named without one (`clip.srt`) when the batch names none. */
export const FALLBACK_CAPTION_LANGUAGE = 'en'

export type ScannedRows = Readonly<{
  rows: ReadonlyArray<ManifestRow>
  /** The scanned files, in row order (sizes for the plan). */
  files: ReadonlyArray<ScannedFile>
  /** Files the scan refused (not media, unreadable…), sidecars excluded. */
  skipped: ReadonlyArray<SkippedPath>
  /** Caption and thumbnail files beside no video of theirs: reported, never uploaded as media. */
  unpairedSidecars: ReadonlyArray<SkippedPath>
}>

/** How a path is written in a manifest kept in `base`: relative when inside it, absolute otherwise. */
export function pathCell(path: string, base: string | null): string {
  if (base === null) return path
  const rel = relative(base, path)
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/')
}

/**
 * Scans files and folders as `spool upload` would and makes one row per file the scan would queue, filled
 * with what Spool would do by default: the title from the template or the file name, the batch's settings,
 * the captions and thumbnail found beside the file. `base` is the manifest's folder (paths relative to it).
 */
export async function rowsFromScan(
  inputs: ReadonlyArray<string>,
  destinations: ReadonlyArray<string>,
  defaults: BatchDefaults,
  base: string | null,
): Promise<ScannedRows> {
  const scan = await scanPaths(inputs)
  const readFolder = createFolderReader()
  const language = defaults.language ?? ''
  const rows: ManifestRow[] = []
  const paired = new Set<string>()
  for (const [i, file] of scan.files.entries()) {
    const sidecars = await findSidecars(file.path, language || FALLBACK_CAPTION_LANGUAGE, readFolder)
    for (const c of sidecars.captions) paired.add(c.path)
    if (sidecars.thumbnail) paired.add(sidecars.thumbnail)
    const values = templateValues(
      { name: file.name, folder: basename(dirname(file.path)), mtimeMs: file.mtimeMs },
      i + 1,
      scan.files.length,
    )
    rows.push({
      ...emptyRow(pathCell(file.path, base)),
      destination: destinations.join(`${LIST_SEPARATOR} `),
      title: renderTitle(defaults.title ?? '{name}', values) || values.name,
      description: defaults.description ?? '',
      tags: (defaults.tags ?? []).join(`${LIST_SEPARATOR} `),
      privacy: defaults.privacy ?? '',
      channel: defaults.channel ?? '',
      language,
      captions: formatCaptions(file.path, sidecars.captions),
      thumbnail: sidecars.thumbnail ? formatBeside(file.path, sidecars.thumbnail) : '',
      publish_at: defaults.publishAt ?? '',
      metadata: { ...defaults.metadata },
    })
  }
  const skipped: SkippedPath[] = []
  const unpairedSidecars: SkippedPath[] = []
  for (const s of scan.skipped) {
    if (!isSidecarName(basename(s.path)) || s.reason.code !== 'upload/not-media') skipped.push(s)
    else if (!paired.has(s.path))
      unpairedSidecars.push({
        path: s.path,
        reason: appError(
          'upload/not-media',
          'A caption or thumbnail file beside no video of the same name: not uploaded.',
        ),
      })
  }
  return { rows, files: scan.files, skipped, unpairedSidecars }
}
