import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { remoteMedia, remoteSha256, tempDir, writeMp4 } from './harness.ts'
import { cliEnv, readJobs, runCli, spawnCli, until } from './cli-harness.ts'

// Issue 13 point 4: kill -9 between the server creating an upload and the local commit leaves an upload
// nothing knows about. A queue that starts sweeps the provider's unused uploads: the one carrying a job's
// client id is adopted by that job, any other carrying a known job's id is cancelled.

const KiB = 1024
let dir: string
let sb: SandboxProcess

beforeAll(async () => {
  dir = tempDir('spool-orphans-')
  sb = await spawnSandbox(['--data', join(dir, 'sandbox'), '--ready-after', '50'])
})
afterAll(async () => {
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function setFaults(spec: string): Promise<void> {
  const res = await fetch(new URL('/_sandbox/faults', sb.info.apiUrl), {
    method: 'POST',
    headers: { authorization: sb.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ faults: spec }),
  })
  expect(res.status).toBe(200)
}

/** Upload ids the sandbox lists as unused (created, neither completed nor cancelled). */
async function waitingUploads(): Promise<string[]> {
  const ids: string[] = []
  for (let page = 1; page < 50; page++) {
    const res = await fetch(`${sb.info.apiUrl}/on-demand/uploads?limit=50&offset=${page}`, {
      headers: { authorization: sb.authorization },
    })
    const data = ((await res.json()) as { data: Array<{ uploadId: string }> }).data
    if (data.length === 0) break
    ids.push(...data.map((u) => u.uploadId))
  }
  return ids
}

function batch(name: string, count: number, size: number): Map<string, string> {
  const folder = join(dir, name)
  mkdirSync(folder)
  const hashes = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    const path = join(folder, `${name}-${String(i).padStart(3, '0')}.mp4`)
    hashes.set(path, writeMp4(path, size))
  }
  return hashes
}

test('kill -9 after the server created the upload, before the local commit: queue run leaves no orphan', async () => {
  const hashes = batch('hang', 3, 256 * KiB)
  const home = join(dir, 'home-hang')
  const env = cliEnv(home, sb.info)
  await setFaults('create-hang=3000')
  const run = spawnCli(['upload', join(dir, 'hang'), '--json', '--concurrency', '3', '--no-wait'], env)
  // The creates are stored on the server and their answers are still on the way: kill the client now.
  await until(async () => (await waitingUploads()).length >= 2, 20_000, 'creates stored on the server')
  run.child.kill('SIGKILL')
  await run.exit
  await setFaults('')
  const known = new Set(readJobs(home).map((j) => j.upload_id))
  const orphans = (await waitingUploads()).filter((id) => !known.has(id))
  expect(orphans.length).toBeGreaterThanOrEqual(2) // what the sweep must deal with

  const last = await runCli(['queue', 'run', '--json'], env)
  expect(last.code, last.stderr).toBe(0)
  expect(await waitingUploads()).toEqual([])
  const jobs = readJobs(home)
  for (const job of jobs) {
    expect(job.state, job.error ?? '').toBe('done')
    expect(await remoteSha256(sb.info, job.upload_id!)).toBe(hashes.get(job.path))
  }
  // Adopted, not re-created: each stranded upload became its job's media.
  for (const id of orphans) expect(jobs.map((j) => j.upload_id)).toContain(id)
  expect((await remoteMedia(sb.info)).filter((m) => known.has(m.id) || orphans.includes(m.id))).toHaveLength(
    3,
  )
}, 60_000)

test('soak: 80 small files, 12 random kill -9, zero orphan uploads and one media per file', async () => {
  const before = new Set((await remoteMedia(sb.info)).map((m) => m.id))
  const hashes = batch('soak', 80, 48 * KiB)
  const home = join(dir, 'home-soak')
  const env = cliEnv(home, sb.info)
  // A short hang widens the window between the server's create and the local commit.
  await setFaults('create-hang=80')
  let seed = 7
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const started = Date.now()
  for (let kill = 0; kill < 12; kill++) {
    const args =
      kill === 0
        ? ['upload', join(dir, 'soak'), '--json', '--concurrency', '4', '--no-wait']
        : ['queue', 'run', '--json']
    const run = spawnCli(args, env)
    await new Promise((r) => setTimeout(r, 1200 + random() * 1300))
    run.child.kill('SIGKILL')
    await run.exit
  }
  await setFaults('')
  const last = await runCli(['queue', 'run', '--json'], env)
  expect(last.code, last.stderr).toBe(0)
  const took = Date.now() - started
  const jobs = readJobs(home)
  expect(jobs).toHaveLength(80)
  for (const job of jobs) expect(job.state, job.error ?? '').toBe('done')
  expect(await waitingUploads()).toEqual([])
  const media = (await remoteMedia(sb.info)).filter((m) => !before.has(m.id))
  expect(media).toHaveLength(80)
  for (const job of jobs.slice(0, 5))
    expect(await remoteSha256(sb.info, job.upload_id!)).toBe(hashes.get(job.path))
  console.error(`orphan soak: 80 files, 12 kills, ${took} ms`)
}, 90_000)
