import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { sandboxStats, spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { remoteMedia, remoteSha256, tempDir, writeMp4 } from './harness.ts'
import { cliEnv, readJobs, runCli, spawnCli, until } from './cli-harness.ts'

const MiB = 1024 * 1024
const CHUNK = 1 * MiB
const CONCURRENCY = 3
let dir: string
let sb: SandboxProcess

beforeAll(async () => {
  dir = tempDir('spool-kill-')
  // Throttled so each run is interrupted mid-transfer (6 MB/s over all sessions).
  sb = await spawnSandbox([
    '--data',
    join(dir, 'sandbox'),
    '--ready-after',
    '50',
    '--faults',
    'throttle=6000000',
  ])
})
afterAll(async () => {
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('kill -9 three times on one batch: every file completes once, byte-identical, little re-sent', async () => {
  const folder = join(dir, 'batch')
  mkdirSync(folder)
  const sizes = [3, 4, 5, 6, 4.5, 3.5].map((m) => Math.round(m * MiB))
  const hashes = new Map<string, string>()
  sizes.forEach((size, i) =>
    hashes.set(join(folder, `take-${i}.mp4`), writeMp4(join(folder, `take-${i}.mp4`), size)),
  )
  const home = join(dir, 'home')
  const env = cliEnv(home, sb.info)
  const total = sizes.reduce((a, b) => a + b, 0)

  const runs: string[][] = [
    ['upload', folder, '--json', '--chunk-size', '1', '--concurrency', String(CONCURRENCY), '--no-wait'],
    ['queue', 'run', '--json'],
    ['queue', 'run', '--json'],
  ]
  let kills = 0
  for (const args of runs) {
    const before = (await sandboxStats(sb.info)).totals.bytesPersisted
    const run = spawnCli(args, env)
    await until(
      async () => (await sandboxStats(sb.info)).totals.bytesPersisted >= before + 3 * MiB,
      60_000,
      'progress',
    )
    run.child.kill('SIGKILL')
    await run.exit
    kills++
  }
  expect(readJobs(home).some((j) => j.state !== 'done')).toBe(true)
  const last = await runCli(['queue', 'run', '--json'], env)
  expect(last.code, last.stderr).toBe(0)

  const jobs = readJobs(home)
  expect(jobs).toHaveLength(sizes.length)
  for (const job of jobs) {
    expect(job.state).toBe('done')
    expect(await remoteSha256(sb.info, job.upload_id!)).toBe(hashes.get(job.path))
  }
  const media = await remoteMedia(sb.info)
  expect(media).toHaveLength(sizes.length) // one remote media per file
  const stats = await sandboxStats(sb.info)
  const resent = stats.totals.bytesReceived - total
  // I4: bytes re-sent per kill ≤ one chunk per active file.
  expect(resent).toBeLessThanOrEqual(kills * CONCURRENCY * CHUNK)
  console.error(
    `kill-restart: ${kills} kills, ${resent} bytes re-sent (bound ${kills * CONCURRENCY * CHUNK})`,
  )
})
