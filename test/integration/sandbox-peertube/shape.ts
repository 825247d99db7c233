import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The 107 captured PeerTube 6.3.2 exchanges (a copy of shared/reference/peertube/captured). */
export const CAPTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'peertube-captured',
)

/** One captured exchange (only the fields the comparison uses). */
export type Capture = {
  exchange: string
  response: { status: number; headers: Record<string, string>; body: unknown }
}

/** The capture files, by name without `.json` (e.g. `018-upload-init`). */
export function loadCaptures(): Map<string, Capture> {
  const out = new Map<string, Capture>()
  for (const file of readdirSync(CAPTURES)
    .filter((f) => /^\d{3}-.+\.json$/.test(f))
    .sort())
    out.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(CAPTURES, file), 'utf8')) as Capture)
  return out
}

function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/**
 * Structural differences between a captured body and a sandbox body: same JSON types and exactly the same
 * object keys, recursively. Each element of a captured array must match some element of the sandbox array;
 * an empty captured array only requires the sandbox value to be an array.
 */
export function shapeDiff(captured: unknown, actual: unknown, path = '$'): string[] {
  const ck = kind(captured)
  const ak = kind(actual)
  if (ck !== ak) return [`${path}: captured ${ck}, sandbox ${ak}`]
  if (ck === 'array') {
    const as = actual as unknown[]
    return (captured as unknown[]).flatMap((element, i) => {
      if (as.length === 0) return [`${path}[${i}]: sandbox array is empty`]
      const diffs = as.map((c) => shapeDiff(element, c, `${path}[${i}]`))
      return diffs.some((d) => d.length === 0) ? [] : diffs.sort((a, b) => a.length - b.length)[0]!
    })
  }
  if (ck !== 'object') return []
  const c = captured as Record<string, unknown>
  const a = actual as Record<string, unknown>
  const diffs: string[] = []
  for (const key of Object.keys(c)) {
    if (!(key in a)) diffs.push(`${path}.${key}: missing in sandbox`)
    else diffs.push(...shapeDiff(c[key], a[key], `${path}.${key}`))
  }
  for (const key of Object.keys(a)) if (!(key in c)) diffs.push(`${path}.${key}: not in the capture`)
  return diffs
}
