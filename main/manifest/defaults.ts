import { statSync } from 'node:fs'
import { basename, dirname, isAbsolute, resolve } from 'node:path'
import { LIST_SEPARATOR, type BatchDefaults, type ManifestRow } from '../../common/domain/manifest.ts'
import type { NumberedRows } from './plan.ts'
import { renderTitle, templateValues } from './title-template.ts'

/**
 * The batch's defaults (command-line options, the app's batch settings) fill a manifest's EMPTY cells only:
 * what the user wrote in a cell wins (issue 15 §1). An empty title takes the title template, rendered for
 * that row's file and place in the manifest.
 */
export function applyDefaults(rows: NumberedRows, defaults: BatchDefaults, base: string): NumberedRows {
  const fill = (cell: string, value: string | undefined): string =>
    cell.trim() === '' && value !== undefined ? value : cell
  return rows.map(({ line, row }, i) => {
    let title = row.title
    if (title.trim() === '' && defaults.title !== undefined) {
      const path = isAbsolute(row.path) ? row.path : resolve(base, row.path)
      const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0
      title = renderTitle(
        defaults.title,
        templateValues(
          { name: basename(path), folder: basename(dirname(path)), mtimeMs },
          i + 1,
          rows.length,
        ),
      )
    }
    const next: ManifestRow = {
      ...row,
      title,
      description: fill(row.description, defaults.description),
      tags: fill(row.tags, defaults.tags?.join(`${LIST_SEPARATOR} `)),
      privacy: fill(row.privacy, defaults.privacy),
      channel: fill(row.channel, defaults.channel),
      language: fill(row.language, defaults.language),
      publish_at: fill(row.publish_at, defaults.publishAt),
      metadata: { ...defaults.metadata, ...row.metadata },
    }
    return { line, row: next }
  })
}
