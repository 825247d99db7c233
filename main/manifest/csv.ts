import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import {
  emptyRow,
  METADATA_PREFIX,
  RESULT_COLUMNS,
  SETTING_COLUMNS,
  type ManifestRow,
} from '../../common/domain/manifest.ts'
import { fail } from '../../common/ipc/result.ts'

/** A manifest as read: its header (the user's column order, kept on write) and rows with their line. */
export type ManifestTable = Readonly<{
  header: ReadonlyArray<string>
  rows: ReadonlyArray<Readonly<{ line: number; row: ManifestRow }>>
}>

const KNOWN = new Set<string>([...SETTING_COLUMNS, ...RESULT_COLUMNS])

/**
 * Parses a manifest's text (UTF-8, with or without Excel's BOM; quoted cells may hold commas, quotes and
 * line breaks). Each row carries the line it starts on in the file, which is what errors name. Column
 * names are matched without regard to case or surrounding spaces; unknown columns are kept as `extra`.
 */
export function parseManifest(text: string): ManifestTable {
  let parsed: Array<{ record: string[]; raw: string }>
  try {
    parsed = parse(text, { bom: true, raw: true, relax_column_count: true }) as unknown as typeof parsed
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught)
    fail('input/invalid', `This manifest is not a readable CSV file: ${message}`)
  }
  // Line numbers are counted here from each record's raw text (csv-parse's own count takes a CRLF inside a
  // quoted cell for two lines); blank lines count, then are dropped.
  const records: Array<{ record: string[]; line: number }> = []
  let line = 1
  for (const { record, raw } of parsed) {
    if (record.length > 1 || (record[0] ?? '') !== '') records.push({ record, line })
    line += raw.match(/\r\n|\r|\n/g)?.length ?? 0
  }
  const first = records[0]
  if (!first) fail('input/invalid', 'This manifest is empty: it needs a header row with a "path" column.')
  const header = first.record.map((h) => h.trim())
  const names = header.map((h) => (KNOWN.has(h.toLowerCase()) ? h.toLowerCase() : h))
  if (!names.includes('path'))
    fail('input/invalid', 'This manifest has no "path" column (line 1 is read as the header).')
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n)) fail('input/invalid', `Line 1: the column "${n}" appears twice.`)
    seen.add(n)
  }
  const rows = records.slice(1).map(({ record, line: at }) => ({ line: at, row: toRow(names, record) }))
  return { header: names, rows }
}

function toRow(names: ReadonlyArray<string>, record: ReadonlyArray<string>): ManifestRow {
  const row: Record<string, unknown> = { ...emptyRow() }
  const metadata: Record<string, string> = {}
  const extra: Record<string, string> = {}
  names.forEach((name, i) => {
    const cell = record[i] ?? ''
    if (KNOWN.has(name)) row[name] = name === 'path' ? cell.trim() : cell
    else if (name.toLowerCase().startsWith(METADATA_PREFIX)) {
      if (cell !== '') metadata[name.slice(METADATA_PREFIX.length)] = cell
    } else extra[name] = cell
  })
  return { ...(row as ManifestRow), metadata, extra }
}

/**
 * The header to write: the manifest's own order when it has one, with any column it lacks added (settings
 * before the results, metadata keys after the settings, results last).
 */
export function headerFor(rows: ReadonlyArray<ManifestRow>, existing: ReadonlyArray<string> = []): string[] {
  const header = [...existing]
  const has = new Set(header)
  const add = (name: string, before?: string): void => {
    if (has.has(name)) return
    has.add(name)
    const at = before === undefined ? -1 : header.indexOf(before)
    if (at >= 0) header.splice(at, 0, name)
    else header.push(name)
  }
  const firstResult = (): string | undefined => RESULT_COLUMNS.find((c) => has.has(c))
  for (const c of SETTING_COLUMNS) add(c, firstResult())
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metadata)))].sort()
  for (const k of keys) add(METADATA_PREFIX + k, firstResult())
  for (const r of rows) for (const k of Object.keys(r.extra)) add(k, firstResult())
  for (const c of RESULT_COLUMNS) add(c)
  return header
}

/** Writes rows as CSV: UTF-8 with a BOM (Excel then reads accents right), CRLF, quoted where needed. */
export function formatManifest(
  rows: ReadonlyArray<ManifestRow>,
  existing: ReadonlyArray<string> = [],
): string {
  const header = headerFor(rows, existing)
  const cell = (row: ManifestRow, name: string): string => {
    if (KNOWN.has(name)) return row[name as keyof ManifestRow] as string
    if (name.toLowerCase().startsWith(METADATA_PREFIX))
      return row.metadata[name.slice(METADATA_PREFIX.length)] ?? ''
    return row.extra[name] ?? ''
  }
  return stringify([header, ...rows.map((r) => header.map((h) => cell(r, h)))], {
    bom: true,
    record_delimiter: 'windows',
  })
}
