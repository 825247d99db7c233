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

/** The structural comparator the FastPix sandbox's shape tests use, for PeerTube's captures too. */
export { shapeDiff } from '../sandbox/shape.ts'
