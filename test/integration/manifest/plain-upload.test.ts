import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { runCli } from '../cli-library/run-cli.ts'
import { startPt, type Pt, type TestUser } from '../sandbox-peertube/harness.ts'
import { shootFolder } from './folder.ts'
import { prepareHome } from './harness.ts'

// Issue 15 §2 without a manifest: `spool upload FOLDER` to PeerTube takes the captions and poster beside
// each video along (not listed as skipped), and names the caption beside no video as unpaired.

let pt: Pt
let user: TestUser
let env: NodeJS.ProcessEnv
const root = mkdtempSync(join(tmpdir(), 'spool-plain-sidecars-'))

beforeAll(async () => {
  pt = await startPt()
  user = await pt.user()
  env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
  prepareHome(env.SPOOL_HOME!)
  const added = await runCli(['account', 'add', 'pt', '--provider', 'peertube', '--api-url', pt.sb.url, '--username', user.username], env, `${user.password}\n`) // prettier-ignore
  expect(added.status, added.stderr).toBe(0)
  shootFolder(join(root, 'Shoot'), 2)
}, 60_000)
afterAll(async () => {
  await pt?.close()
})

test('a plain upload of a folder sends each video’s captions along; an orphan caption is reported', async () => {
  const run = await runCli(['upload', join(root, 'Shoot'), '--account', 'pt'], env)
  expect(run.status, run.stderr + run.stdout).toBe(0)
  expect(run.stdout).not.toMatch(/skipped .*clip-1\.en\.vtt/)
  expect(run.stdout).not.toMatch(/skipped .*clip-2\.png/)
  expect(run.stdout).toMatch(/skipped +.*orphan\.en\.vtt — A caption or thumbnail file beside no video/)
  expect(run.stdout).toMatch(/skipped +.*notes\.txt — Not a video or audio file/)
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as Array<{ path: string; mediaId: string }> // prettier-ignore
  const captions = async (name: string): Promise<string[]> => {
    const id = jobs.find((j) => j.path.endsWith(name))!.mediaId
    const body = (await pt.call('GET', `/api/v1/videos/${id}/captions`, { token: user.token })).body as { data: Array<{ language: { id: string } }> } // prettier-ignore
    return body.data.map((c) => c.language.id).sort()
  }
  expect(await captions('clip-1.mp4')).toEqual(['en', 'pt'])
  expect(await captions('clip-2.mp4')).toEqual(['en'])
}, 90_000)

test('--dry-run exits 1 when the destination would refuse: a batch over the PeerTube quota, files it skips', async () => {
  // Other files in the folder (notes, an orphan caption) and duplicates are listed, not refusals: exit 0.
  const calm = await runCli(['upload', join(root, 'Shoot'), '--account', 'pt', '--dry-run'], env)
  expect(calm.status, calm.stdout + calm.stderr).toBe(0)
  expect(calm.stdout).toMatch(/duplicate on "pt" \(line 2\)/)
  const small = await pt.user({ videoQuota: 10_000 })
  const added = await runCli(['account', 'add', 'small', '--provider', 'peertube', '--api-url', pt.sb.url, '--username', small.username], env, `${small.password}\n`) // prettier-ignore
  expect(added.status, added.stderr).toBe(0)
  const before = pt.sb.stats().totals.putCount
  const run = await runCli(['upload', join(root, 'Shoot'), '--account', 'small', '--dry-run'], env)
  expect(run.status).toBe(1)
  expect(run.stdout).toMatch(/quota "small": REFUSED — /)
  expect(run.stdout).toMatch(/skipped +.*notes\.txt/)
  expect(pt.sb.stats().totals.putCount).toBe(before)
  const real = await runCli(
    ['upload', join(root, 'Shoot'), '--account', 'small', '--title', '{name} ({index})'],
    env,
  )
  expect(real.status).toBe(1)
  expect(real.stderr).toMatch(/nothing was sent — "small": /)
  expect(pt.sb.stats().totals.putCount).toBe(before)
}, 60_000)

test('captions left to send when Spool was killed are sent by the next spool queue run', async () => {
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as Array<{ path: string; mediaId: string }> // prettier-ignore
  const id = jobs.find((j) => j.path.endsWith('clip-1.mp4'))!.mediaId
  for (const lang of ['en', 'pt'])
    expect(
      (await pt.call('DELETE', `/api/v1/videos/${id}/captions/${lang}`, { token: user.token })).status,
    ).toBe(204)
  // As a kill -9 between the video's completion and its captions leaves it: the follow-up still pending.
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(join(env.SPOOL_HOME!, 'spool.db'))
  db.prepare("UPDATE manifest_rows SET follow_up_state = 'pending'").run()
  db.close()
  const run = await runCli(['queue', 'run'], env)
  expect(run.status, run.stderr).toBe(0)
  const body = (await pt.call('GET', `/api/v1/videos/${id}/captions`, { token: user.token })).body as { data: Array<{ language: { id: string } }> } // prettier-ignore
  expect(body.data.map((c) => c.language.id).sort()).toEqual(['en', 'pt'])
}, 60_000)

test("manifest init fills the channel Spool would publish to: the PeerTube account's first", async () => {
  const run = await runCli(['manifest', 'init', join(root, 'Shoot'), '--account', 'pt'], env)
  expect(run.status, run.stderr).toBe(0)
  const me = (await pt.call('GET', '/api/v1/users/me', { token: user.token })).body as { videoChannels: Array<{ name: string }> } // prettier-ignore
  const channel = me.videoChannels[0]!.name
  const rows = parseManifest(run.stdout).rows.map((r) => r.row)
  expect(rows.map((r) => [r.destination, r.channel])).toEqual([
    ['pt', channel],
    ['pt', channel],
  ])
})

test('--force through the planned path (a title template) uploads files already there again; without it they are duplicates', async () => {
  const count = async (): Promise<number> =>
    ((await pt.call('GET', '/api/v1/users/me/videos?count=100', { token: user.token })).body as { total: number }).total // prettier-ignore
  const before = await count()
  const plain = await runCli(['upload', join(root, 'Shoot'), '--account', 'pt', '--title', '{name} again'], env) // prettier-ignore
  expect(plain.status, plain.stdout + plain.stderr).toBe(0)
  expect(plain.stdout).toMatch(/duplicate/)
  expect(await count()).toBe(before)
  const forced = await runCli(['upload', join(root, 'Shoot'), '--account', 'pt', '--title', '{name} again', '--force'], env) // prettier-ignore
  expect(forced.status, forced.stdout + forced.stderr).toBe(0)
  expect(await count()).toBe(before + 2)
}, 90_000)
