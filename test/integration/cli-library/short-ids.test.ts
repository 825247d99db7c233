import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openEmbeddedSandbox, type EmbeddedSandbox } from '../../../main/accounts/embedded-sandbox.ts'
import { MEDIA_DIR } from '../library/harness.ts'
import { runCli } from './run-cli.ts'

// Issue 14 §6: `queue list` shows the media id, and a short id (as listed) works wherever an id is taken.

let env: NodeJS.ProcessEnv
let running: EmbeddedSandbox
let folder: string

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spool-short-'))
  env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
  running = await openEmbeddedSandbox(join(env.SPOOL_HOME!, 'sandbox'))
  folder = join(root, 'Shoot')
  mkdirSync(folder)
  copyFileSync(join(MEDIA_DIR, 'tiny-160x90.mp4'), join(folder, 'a.mp4'))
})
afterAll(async () => {
  await running.close()
})

test('an upload, then `queue list` shows its media id, and `media get` takes that short id at once', async () => {
  const upload = await runCli(['upload', folder, '--json'], env)
  expect(upload.status, upload.stderr).toBe(0)
  const list = await runCli(['queue', 'list'], env)
  expect(list.stdout).toMatch(/MEDIA/)
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as { mediaId: string }[]
  const mediaId = jobs[0]!.mediaId
  const short = mediaId.slice(0, 8)
  expect(list.stdout).toContain(short)

  // The library cache has never been filled: the short id is resolved after one refresh.
  const got = await runCli(['media', 'get', short, '--json'], env)
  expect(got.status, got.stderr).toBe(0)
  expect(JSON.parse(got.stdout)).toMatchObject({ id: mediaId })

  const missing = await runCli(['media', 'get', 'ffff0000'], env)
  expect(missing.status).toBe(1)
  expect(missing.stderr).toMatch(/No media id starts with "ffff0000"/)
})
