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
