import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { runCli } from '../cli-library/run-cli.ts'
import { MEDIA_DIR } from '../library/harness.ts'

// Issue 14 §4: a revoked key parks the account's jobs as "needs sign-in" (never failed); `spool account
// update` with the new key sends them back to the queue, and they finish.

let api: SandboxHandle
let env: NodeJS.ProcessEnv
let folder: string
const dataDir = mkdtempSync(join(tmpdir(), 'spool-signin-api-'))

beforeAll(async () => {
  api = await startSandbox({ dataDir, username: 'tok-0001', password: 'key-one' })
  const root = mkdtempSync(join(tmpdir(), 'spool-signin-'))
  env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
  folder = join(root, 'Shoot')
  mkdirSync(folder)
  copyFileSync(join(MEDIA_DIR, 'tiny-160x90.mp4'), join(folder, 'a.mp4'))
  const added = await runCli(['account', 'add', 'work', '--api-url', api.apiUrl], env, 'tok-0001\nkey-one\n')
  expect(added.status, added.stderr).toBe(0)
})
afterAll(async () => {
  await api?.close()
})

type Job = { state: string; error?: { code: string } | null }
const jobs = async (): Promise<Job[]> =>
  JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as Job[]

test('a revoked key parks the jobs; updating the key sends them on', async () => {
  // The key is rotated on the server: the stored one is refused from now on.
  const port = api.port
  await api.close()
  api = await startSandbox({ dataDir, port, username: 'tok-0002', password: 'key-two' })

  const upload = await runCli(['upload', folder, '--account', 'work', '--no-wait'], env)
  expect(upload.status).toBe(1)
  expect(upload.stdout).toMatch(/1 waiting for a sign-in/)
  expect(upload.stderr).toMatch(/spool account update NAME/)
  expect(await jobs()).toMatchObject([
    { state: 'needs-sign-in', error: { code: 'auth/invalid-credentials' } },
  ])

  const wrong = await runCli(['account', 'update', 'work'], env, 'tok-0002\nnot-the-key\n')
  expect(wrong.status).toBe(1)
  expect((await jobs())[0]?.state).toBe('needs-sign-in')

  const update = await runCli(['account', 'update', 'work'], env, 'tok-0002\nkey-two\n')
  expect(update.status, update.stderr).toBe(0)
  expect(update.stdout).toMatch(/1 file\(s\) that waited for this sign-in are queued again/)
  expect((await jobs())[0]?.state).toBe('queued')

  const run = await runCli(['queue', 'run'], env)
  expect(run.status, run.stderr).toBe(0)
  expect(await jobs()).toMatchObject([{ state: 'done' }])
})
