import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ManifestRow } from '../../common/domain/manifest.ts'
import { fail } from '../../common/ipc/result.ts'
import { formatManifest, parseManifest, type ManifestTable } from './csv.ts'

/** The user's original manifest, kept once beside it before Spool first writes to it. */
export const backupPath = (path: string): string => `${path}.orig`

/** Temporary files a killed writer left beside the manifest (its process is gone) are removed. */
function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = readdirSync(dirname(path))
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.spool-tmp')) continue
    const pid = Number(name.slice(prefix.length, -'.spool-tmp'.length))
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue
    try {
      unlinkSync(join(dirname(path), name))
    } catch {
      // Another writer removed it first.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (caught) {
    return (caught as { code?: string }).code === 'EPERM'
  }
}

/** Reads a manifest file (a clear reason when it cannot be read). */
export function readManifestFile(path: string): ManifestTable {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (caught) {
    const code = (caught as { code?: string }).code
    fail(
      'input/invalid',
      code === 'ENOENT'
        ? `There is no manifest at ${path}.`
        : `Spool cannot read the manifest ${path} (${code ?? 'error'}).`,
    )
  }
  return parseManifest(text)
}

/**
 * Replaces a manifest's content atomically: the new text goes to a temporary file beside it, which then
 * takes its name, so a reader (a spreadsheet, a crash) sees the old file or the new one, never half of
 * one. The user's original is copied to FILE.orig the first time, and never overwritten after.
 */
export function writeManifestFile(
  path: string,
  rows: ReadonlyArray<ManifestRow>,
  header: ReadonlyArray<string>,
): void {
  if (existsSync(path) && !existsSync(backupPath(path))) copyFileSync(path, backupPath(path))
  removeStaleTemps(path)
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.spool-tmp`)
  try {
    writeFileSync(temp, formatManifest(rows, header), { flush: true })
    renameSync(temp, path)
  } catch (caught) {
    try {
      unlinkSync(temp)
    } catch {
      // Already gone.
    }
    throw caught
  }
}
