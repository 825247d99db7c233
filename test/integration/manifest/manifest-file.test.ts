import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { emptyRow } from '../../../common/domain/manifest.ts'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { writeManifestFile } from '../../../main/manifest/manifest-file.ts'

test("writes replace the file whole, keep the user's original once, and clear a killed writer's temporary file", () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-manifest-file-'))
  const path = join(dir, 'batch.csv')
  writeFileSync(path, 'path,title\na.mp4,Mine\n')
  const stale = join(dir, '.batch.csv.999999999.spool-tmp') // no such process
  writeFileSync(stale, 'half a file')
  writeManifestFile(path, [{ ...emptyRow('a.mp4'), title: 'Mine', status: 'done' }], ['path', 'title'])
  writeManifestFile(path, [{ ...emptyRow('a.mp4'), title: 'Mine', status: 'failed' }], ['path', 'title'])
  expect(readFileSync(`${path}.orig`, 'utf8')).toBe('path,title\na.mp4,Mine\n')
  expect(parseManifest(readFileSync(path, 'utf8')).rows[0]!.row.status).toBe('failed')
  expect(existsSync(stale)).toBe(false)
})
