import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { sandboxStats, spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { remoteSha256, tempDir, writeMp4 } from './harness.ts'
import { cliEnv, loggedTrouble, readJobs, runCli, spawnCli, until, type CliChild } from './cli-harness.ts'

const MiB = 1024 * 1024
let dir: string
let sb: SandboxProcess
let stray: CliChild | undefined

beforeAll(async () => {
  dir = tempDir('spool-ctl-')
  sb = await spawnSandbox([
    '--data',
    join(dir, 'sandbox'),
    '--ready-after',
    '50',
    '--faults',
    'throttle=3000000',
  ])
})
afterAll(async () => {
  stray?.child.kill('SIGKILL')
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('pause, resume and cancel one job and all jobs from a second process while the first runs', async () => {
  const folder = join(dir, 'batch')
  mkdirSync(folder)
  const hashes = new Map<string, string>()
  for (let i = 0; i < 4; i++)
    hashes.set(join(folder, `c${i}.mp4`), writeMp4(join(folder, `c${i}.mp4`), 6 * MiB))
  const home = join(dir, 'home')
  const env = cliEnv(home, sb.info)
  const first = spawnCli(
    ['upload', folder, '--json', '--chunk-size', '0.5', '--concurrency', '2', '--no-wait'],
    env,
  )
  stray = first
  await until(
    () => {
      try {
        return readJobs(home).some((j) => j.state === 'uploading' && j.bytes_acked > 0)
      } catch {
        return false
      }
    },
    60_000,
    'first bytes',
  )
  const a = readJobs(home).find((j) => j.state === 'uploading')
  expect(a).toBeTruthy()

  // Pause one job: it stops moving bytes on the server.
  expect((await runCli(['queue', 'pause', a!.id], env)).code).toBe(0)
  await until(() => readJobs(home).find((j) => j.id === a!.id)!.state === 'paused', 10_000, 'paused')
  await new Promise((r) => setTimeout(r, 1_500)) // let the in-flight abort land
  const frozen = (await sandboxStats(sb.info)).uploads[a!.upload_id!]!.bytesReceived
  await new Promise((r) => setTimeout(r, 1_500))
  expect((await sandboxStats(sb.info)).uploads[a!.upload_id!]!.bytesReceived).toBe(frozen)

  // Cancel another that is still unfinished: cancelled locally and at the server.
  // The newest job is still queued behind two active ones (so it cannot finish before the cancel lands).
  const b = readJobs(home)
    .reverse()
    .find((j) => j.id !== a!.id && ['queued', 'uploading', 'preparing'].includes(j.state))
  expect(b).toBeTruthy()
  expect((await runCli(['queue', 'cancel', b!.id], env)).code).toBe(0)
  await until(() => readJobs(home).find((j) => j.id === b!.id)!.state === 'cancelled', 10_000, 'cancelled')

  // Pause everything, then resume everything.
  expect((await runCli(['queue', 'pause', '--all'], env)).code).toBe(0)
  expect(readJobs(home).every((j) => ['paused', 'cancelled', 'done'].includes(j.state))).toBe(true)
  expect((await runCli(['queue', 'resume', '--all'], env)).code).toBe(0)

  const code = await first.exit
  expect(code, `${first.stderr()}\n${loggedTrouble(home)}`).toBe(0)
  const jobs = readJobs(home)
  for (const j of jobs) {
    if (j.id === b!.id) continue
    expect(j.state).toBe('done')
    expect(await remoteSha256(sb.info, j.upload_id!)).toBe(hashes.get(j.path))
  }
  expect(jobs.find((j) => j.id === b!.id)!.state).toBe('cancelled')
  const summary = JSON.parse(first.stdout().trim().split('\n').pop()!) as Record<string, number>
  expect(summary).toMatchObject({ type: 'summary', done: 3, cancelled: 1, failed: 0 })
  // The cancelled upload no longer waits at the server.
  const waiting = (await (
    await fetch(`${sb.info.apiUrl}/on-demand/uploads?limit=50&offset=1`, {
      headers: { authorization: sb.authorization },
    })
  ).json()) as { data: Array<{ uploadId: string }> }
  expect(waiting.data.map((u) => u.uploadId)).not.toContain(b!.upload_id)
})
