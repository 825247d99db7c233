import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { runCli } from '../cli-library/run-cli.ts'
import { shootFolder } from './folder.ts'

describe('spool manifest init', () => {
  const root = mkdtempSync(join(tmpdir(), 'spool-init-'))
  const env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
  shootFolder(join(root, 'Shoot'), 3)
  const out = join(root, 'batch.csv')

  test('writes one row per video with the defaults, the sidecars and empty result columns', async () => {
    const run = await runCli(
      ['manifest', 'init', join(root, 'Shoot'), '-o', out, '--title', '{folder} – {name}', '--tag', 'demo', '--metadata', 'project=x'],
      env,
    ) // prettier-ignore
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('unpaired sidecar')
    expect(run.stdout).toContain('orphan.en.vtt')
    expect(run.stdout).toContain('3 row(s) written')
    const text = readFileSync(out, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const table = parseManifest(text)
    expect(table.header).toEqual([
      'path', 'destination', 'title', 'description', 'tags', 'privacy', 'channel', 'language', 'captions',
      'thumbnail', 'publish_at', 'metadata.project', 'status', 'media_id', 'url', 'error',
    ]) // prettier-ignore
    expect(table.rows.map(({ line, row }) => [line, row.path, row.destination, row.title, row.tags, row.privacy, row.metadata, row.status])).toEqual([
      [2, 'Shoot/clip-1.mp4', 'sandbox', 'Shoot – clip-1', 'demo', 'public', { project: 'x' }, ''],
      [3, 'Shoot/clip-2.mp4', 'sandbox', 'Shoot – clip-2', 'demo', 'public', { project: 'x' }, ''],
      [4, 'Shoot/clip-3.mp4', 'sandbox', 'Shoot – clip-3', 'demo', 'public', { project: 'x' }, ''],
    ]) // prettier-ignore
  })

  test('usage errors exit 2 with the reason: existing output, unknown placeholder, unknown account', async () => {
    const again = await runCli(['manifest', 'init', join(root, 'Shoot'), '-o', out], env)
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining('exists; choose another name')])
    const bad = await runCli(['manifest', 'init', join(root, 'Shoot'), '--title', '{nmae}'], env)
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('unknown placeholder {nmae}')])
    const who = await runCli(['manifest', 'init', join(root, 'Shoot'), '--account', 'nobody'], env)
    expect(who.status).toBe(2)
    expect(who.stderr).toMatch(/nobody/)
    expect(who.stderr).not.toMatch(/\n\s+at /)
  })
})
