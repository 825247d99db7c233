import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { remoteMedia, remoteSha256, writeMp4 } from './harness.ts'
import { sandboxForFile, setFaults, unusedUploadIds } from './sandbox-child.ts'
import { cliEnv, readJobs, runCli, spawnCli, until } from './cli-harness.ts'

// Issue 13 point 4: kill -9 between the server creating an upload and the local commit leaves an upload
// nothing knows about. A queue that starts sweeps the provider's unused uploads: the one carrying a job's
// client id is adopted by that job, any other carrying a known job's id is cancelled.

const KiB = 1024
const files = sandboxForFile('spool-orphans-')
const waitingUploads = (): Promise<string[]> => unusedUploadIds(files.sb)

function batch(name: string, count: number, size: number): Map<string, string> {
  const { dir } = files
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
  const { dir, sb } = files
  const hashes = batch('hang', 3, 256 * KiB)
  const home = join(dir, 'home-hang')
  const env = cliEnv(home, sb.info)
  await setFaults(files.sb, 'create-hang=3000')
  const run = spawnCli(['upload', join(dir, 'hang'), '--json', '--concurrency', '3', '--no-wait'], env)
  // The creates are stored on the server and their answers are still on the way: kill the client now.
  await until(async () => (await waitingUploads()).length >= 2, 20_000, 'creates stored on the server')
  run.child.kill('SIGKILL')
  await run.exit
  await setFaults(files.sb, '')
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
  const { dir, sb } = files
  const before = new Set((await remoteMedia(sb.info)).map((m) => m.id))
  const hashes = batch('soak', 80, 48 * KiB)
  const home = join(dir, 'home-soak')
  const env = cliEnv(home, sb.info)
  // A short hang widens the window between the server's create and the local commit.
  await setFaults(files.sb, 'create-hang=80')
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
  await setFaults(files.sb, '')
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
