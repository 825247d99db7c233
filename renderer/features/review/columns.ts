import type { ManifestRow } from '../../../common/domain/manifest.ts'
import { METADATA_PREFIX } from '../../../common/domain/manifest.ts'
import type { ReviewColumn } from '../../store/review-slice.ts'

/** One editable column of the review table: the manifest's column name and what the header says. */
export type ColumnSpec = Readonly<{ column: ReviewColumn; label: string; wide?: boolean; hint?: string }>

const BASE: ReadonlyArray<ColumnSpec> = [
  { column: 'title', label: 'Title', wide: true },
  { column: 'description', label: 'Description', wide: true },
  { column: 'tags', label: 'Tags', hint: 'separated by ;' },
  { column: 'privacy', label: 'Privacy' },
  { column: 'channel', label: 'Channel' },
  { column: 'language', label: 'Language' },
  { column: 'captions', label: 'Captions' },
  { column: 'thumbnail', label: 'Thumbnail' },
  { column: 'publish_at', label: 'Publish at', hint: 'ISO time' },
  { column: 'destination', label: 'Destination' },
]

/**
 * The manifest's columns as the table shows them (the `path` column is the row header, result columns are
 * filled by Spool after the upload): PeerTube-only columns only when the batch goes to PeerTube, and one
 * column per metadata key any row has.
 */
export function columnsFor(rows: ReadonlyArray<ManifestRow>, peertube: boolean): ColumnSpec[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metadata)))].sort()
  const shown = BASE.filter(
    (c) => peertube || !['description', 'tags', 'channel', 'language', 'publish_at'].includes(c.column),
  )
  return [
    ...shown,
    ...keys.map((k) => ({ column: `${METADATA_PREFIX}${k}` as ReviewColumn, label: k, hint: 'metadata' })),
  ]
}

/** A cell's current text. */
export function cellOf(row: ManifestRow, column: ReviewColumn): string {
  if (column.startsWith(METADATA_PREFIX)) return row.metadata[column.slice(METADATA_PREFIX.length)] ?? ''
  return row[column as Exclude<ReviewColumn, `${typeof METADATA_PREFIX}${string}`>]
}

/** The file's name and the folder it is in, for the row header (the whole path is its tooltip). */
export function fileOf(path: string): { name: string; folder: string } {
  const parts = path.split(/[\\/]/)
  const name = parts.pop() ?? path
  return { name, folder: parts.pop() ?? '' }
}
