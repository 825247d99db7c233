/**
 * Title templates (issue 15 §3): `{folder} – {name}` with `{name}` (the file name without its extension),
 * `{folder}` (the folder it is in), `{date}` (its modification day, YYYY-MM-DD, UTC) and `{index}` (its place
 * in the batch from 1, zero-padded to the batch's width). Pure.
 */
export const TEMPLATE_FIELDS = ['name', 'folder', 'date', 'index'] as const
export type TemplateField = (typeof TEMPLATE_FIELDS)[number]
export type TemplateValues = Readonly<Record<TemplateField, string>>

const PLACEHOLDER = /\{([^{}]*)\}/g

/** The placeholders a template uses that Spool does not know (empty when it is valid). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !(TEMPLATE_FIELDS as ReadonlyArray<string>).includes(name))
}

export function renderTitle(template: string, values: TemplateValues): string {
  return template
    .replace(PLACEHOLDER, (whole, name: string) =>
      (TEMPLATE_FIELDS as ReadonlyArray<string>).includes(name) ? values[name as TemplateField] : whole,
    )
    .trim()
}

/** The values for the `index`-th file (1-based) of `total`. */
export function templateValues(
  file: Readonly<{ name: string; folder: string; mtimeMs: number }>,
  index: number,
  total: number,
): TemplateValues {
  const dot = file.name.lastIndexOf('.')
  return {
    name: dot > 0 ? file.name.slice(0, dot) : file.name,
    folder: file.folder,
    date: new Date(file.mtimeMs).toISOString().slice(0, 10),
    index: String(index).padStart(String(total).length, '0'),
  }
}
