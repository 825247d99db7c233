import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { freshBundle } from '../../../bin/fresh-bundle.mjs'

// The bundled CLI (scripts/build-cli.ts, made by `npm test`'s build) and the TypeScript sources are the same
// program: every command's help reads alike, and an unknown command fails alike, from either.
const ROOT = join(import.meta.dirname, '../../..')
const SPOOL = join(ROOT, 'bin/spool.mjs')

const run = (args: string[], sources: boolean) =>
  spawnSync(process.execPath, [SPOOL, ...args], {
    env: { ...process.env, SPOOL_CLI_SOURCES: sources ? '1' : '0', NO_COLOR: '1' },
    encoding: 'utf8',
  })

test('npm test runs the bundled CLI, and it answers as the sources do', () => {
  expect(freshBundle(ROOT), 'out/cli is missing or stale: run npm run build').not.toBeNull()
  for (const args of [['--help'], ['upload', '--help'], ['queue', 'list', '--help'], ['nosuch']]) {
    const bundled = run(args, false)
    const sources = run(args, true)
    expect(bundled.status, args.join(' ')).toBe(sources.status)
    expect(bundled.stdout + bundled.stderr, args.join(' ')).toBe(sources.stdout + sources.stderr)
  }
})
