// Which code `spool` runs: the bundle in out/cli/ (scripts/build-cli.ts) when every source file it was built
// from is exactly as it was then, or null for the TypeScript sources (an edited file, a checkout, no build).
// SPOOL_CLI_SOURCES=1 forces the sources. One stat per source file: about a millisecond.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The URL of the bundled CLI's entry under `root`, or null when the sources must run. */
export function freshBundle(root, env = process.env) {
  if (env.SPOOL_CLI_SOURCES === '1') return null
  const dir = join(root, 'out', 'cli')
  let inputs
  try {
    inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return null
  for (const input of inputs) {
    if (!Array.isArray(input) || input.length !== 3) return null
    const [path, mtimeMs, size] = input
    const s = statSync(join(root, path), { throwIfNoEntry: false })
    if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return null
  }
  return pathToFileURL(join(dir, 'spool.mjs')).href
}
