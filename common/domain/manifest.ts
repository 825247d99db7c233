/**
 * A batch manifest (issue 15): one row per file and destination, as a spreadsheet holds it. Every cell is a
 * string, as the user typed it; `main/manifest/` parses, checks and writes them. Shared with the renderer's
 * review table, so it holds types and names only.
 */

/** The settings columns, in the order `spool manifest init` writes them (metadata.<key> columns follow). */
export const SETTING_COLUMNS = [
  'path',
  'destination',
  'title',
  'description',
  'tags',
  'privacy',
  'channel',
  'language',
  'captions',
  'thumbnail',
  'publish_at',
] as const
export type SettingColumn = (typeof SETTING_COLUMNS)[number]

/** The result columns Spool fills as each job finishes. */
export const RESULT_COLUMNS = ['status', 'media_id', 'url', 'error'] as const
export type ResultColumn = (typeof RESULT_COLUMNS)[number]

/** A metadata column is `metadata.<key>`. */
export const METADATA_PREFIX = 'metadata.'

/** Names in the `destination` and `tags` cells are separated by this (a comma also works for tags). */
export const LIST_SEPARATOR = ';'

/** One row of a manifest. `extra` keeps columns Spool does not know, so a round trip loses nothing. */
export type ManifestRow = Readonly<
  Record<SettingColumn, string> &
    Record<ResultColumn, string> & {
      metadata: Readonly<Record<string, string>>
      extra: Readonly<Record<string, string>>
    }
>

/** An empty row: every cell ''. */
export function emptyRow(path = ''): ManifestRow {
  const cells = Object.fromEntries([...SETTING_COLUMNS, ...RESULT_COLUMNS].map((c) => [c, '']))
  return { ...(cells as Record<SettingColumn | ResultColumn, string>), path, metadata: {}, extra: {} }
}

/** Splits a list cell (`a; b`) into its trimmed, non-empty names. */
export function splitList(cell: string, separators: RegExp = /;/): string[] {
  return cell
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/** What a batch sets for every file unless a row says otherwise (issue 15 §3). Cells' words, not parsed. */
export type BatchDefaults = Readonly<{
  /** A title template (`{folder} – {name}`, with {name} {folder} {date} {index}); absent: the file name. */
  title?: string
  description?: string
  tags?: ReadonlyArray<string>
  privacy?: string
  channel?: string
  language?: string
  /** ISO time (PeerTube: uploaded private, public at that time). */
  publishAt?: string
  metadata?: Readonly<Record<string, string>>
}>

/** A file the batch already holds for a destination: where the existing copy is. */
export type PlanDuplicate = Readonly<{ destination: string; existing: string }>

/** One row of a plan: the manifest row, the file's size, and what checking it found. */
export type PlanRow = Readonly<{
  row: ManifestRow
  /** The line the row is on in its CSV (rows made from a scan count as if written: header is line 1). */
  line: number
  /** Bytes, or null when the file cannot be read. */
  size: number | null
  /** Why the row would be refused (nothing is sent while any row has one). */
  problems: ReadonlyArray<string>
  /** What a destination will not get from the row, and why (the row still goes). */
  notes: ReadonlyArray<string>
  duplicates: ReadonlyArray<PlanDuplicate>
}>

/** A destination's verdict on the whole batch (quota), where it can tell. */
export type PlanQuota = Readonly<{ destination: string; ok: boolean; message: string }>

/** What a batch would do, before anything is sent (issue 15 §4): the review table and `--dry-run` show it. */
export type ManifestPlan = Readonly<{
  rows: ReadonlyArray<PlanRow>
  /** Files the scan refused (not media, unreadable…), with the reason. */
  skipped: ReadonlyArray<Readonly<{ path: string; reason: string }>>
  /** Caption and thumbnail files beside no video of theirs. */
  unpairedSidecars: ReadonlyArray<string>
  quota: ReadonlyArray<PlanQuota>
}>

/** A row's problem, by its index in the rows sent and its line. */
export type RowProblem = Readonly<{ row: number; line: number; message: string }>

/** The answer to "start this reviewed batch": refused rows (then nothing was queued) or the queued jobs' count. */
export type StartPlanReport = Readonly<{
  problems: ReadonlyArray<RowProblem>
  queued: number
  /** Files already uploaded or queued for a destination, not queued again. */
  duplicates: number
  skipped: ReadonlyArray<Readonly<{ path: string; reason: string }>>
}>

/** A manifest opened in the app: an opaque handle (results are written back to its file), its name, rows. */
export type ImportedManifest = Readonly<{
  handle: string
  name: string
  plan: ManifestPlan
}>
