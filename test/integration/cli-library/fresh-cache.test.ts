import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openEmbeddedSandbox, type EmbeddedSandbox } from '../../../main/accounts/embedded-sandbox.ts'
import { MEDIA_DIR } from '../library/harness.ts'
import { runCli } from './run-cli.ts'

// Issue 14 §3: after an upload, `spool media list` shows the new media without --all, and says how old
// the list is.

let env: NodeJS.ProcessEnv
let running: EmbeddedSandbox
let folder: string

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spool-fresh-'))
  env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
  running = await openEmbeddedSandbox(join(env.SPOOL_HOME!, 'sandbox'))
  folder = join(root, 'Shoot')
  mkdirSync(folder)
  copyFileSync(join(MEDIA_DIR, 'tiny-160x90.mp4'), join(folder, 'harbour.mp4'))
})
afterAll(async () => {
  await running.close()
})

test('a finished upload is in the next list, and the list says when it is from', async () => {
  const before = await runCli(['media', 'list'], env)
  expect(before.status, before.stderr).toBe(0)
  expect(before.stdout).toMatch(/0 of 0 shown \(library as of just now: 0 media\)/)

  const upload = await runCli(['upload', folder, '--no-wait'], env)
  expect(upload.status, upload.stderr).toBe(0)

  const after = await runCli(['media', 'list', '--json'], env)
  const page = JSON.parse(after.stdout) as { total: number; items: { title: string }[]; cachedAt: string }
  expect(page.items.map((m) => m.title)).toEqual(['harbour'])
  const human = await runCli(['media', 'list'], env)
  expect(human.stdout).toMatch(/1 of 1 shown \(library as of just now: 1 media\)/)
})
