import { mkdirSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { sandboxStats, spawnSandbox } from '../../helpers/sandbox-process.ts'
import { remoteMedia, remoteSha256, tempDir, writeMp4 } from './harness.ts'
import { cliEnv, readJobs, spawnCli, until } from './cli-harness.ts'
import { unusedUploadIds } from './sandbox-child.ts'

const MiB = 1024 * 1024
let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

// Issue 13 point 3: the sandbox killed mid-upload and started again on a NEW port with the same data. The
// stored session URIs point at the old port while the API (FASTPIX_API_URL) answers at the new one: the
// sessions are abandoned after a bounded number of attempts and fresh uploads finish the files. The old port
// either refuses connections, or (worse) takes them and never answers.
for (const oldPort of ['refuses connections', 'takes connections and never answers'] as const)
  test(`a session host that ${oldPort} while the API answers is abandoned for a fresh upload`, async () => {
    const dir = tempDir('spool-moved-')
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const data = join(dir, 'sandbox')
    const first = await spawnSandbox(['--data', data, '--ready-after', '50', '--faults', 'throttle=3000000'])
    cleanup.push(async () => void (await first.stop('SIGKILL')))
    const folder = join(dir, 'f')
    mkdirSync(folder)
    const hashes = new Map<string, string>()
    for (let i = 0; i < 3; i++)
      hashes.set(join(folder, `m${i}.mp4`), writeMp4(join(folder, `m${i}.mp4`), 3 * MiB))
    const home = join(dir, 'home')

    const upload = spawnCli(
      ['upload', folder, '--json', '--chunk-size', '1', '--no-wait'],
      cliEnv(home, first.info),
    )
    cleanup.push(() => void upload.child.kill('SIGKILL'))
    await until(
      async () => (await sandboxStats(first.info)).totals.bytesPersisted >= 2 * MiB,
      30_000,
      'progress',
    )
    await first.stop('SIGKILL')
    upload.child.kill('SIGKILL')
    await upload.exit
    if (oldPort === 'takes connections and never answers') {
      const sockets: Socket[] = []
      const blackhole = createServer((socket) => void sockets.push(socket.resume()))
      await new Promise<void>((resolve) =>
        blackhole.listen(Number(new URL(first.info.apiUrl).port), '127.0.0.1', resolve),
      )
      cleanup.push(() => {
        for (const socket of sockets) socket.destroy()
        return new Promise<void>((resolve) => blackhole.close(() => resolve()))
      })
    }
    const stranded = readJobs(home).filter((j) => j.state !== 'done')
    expect(stranded.length).toBeGreaterThan(0)
    const oldUploads = stranded.map((j) => j.upload_id).filter((id): id is string => id !== null)
    expect(oldUploads.length).toBeGreaterThan(0)

    const moved = await spawnSandbox(['--data', data, '--ready-after', '50'])
    cleanup.push(async () => void (await moved.stop()))
    expect(moved.info.apiUrl).not.toBe(first.info.apiUrl)
    const child = spawnCli(['queue', 'run', '--json'], cliEnv(home, moved.info))
    cleanup.push(() => void child.child.kill('SIGKILL'))
    // Bounded: before the fix this run looped on the dead session address with 0 PUTs reaching the server.
    const code = await Promise.race([
      child.exit,
      new Promise<'looping'>((r) => setTimeout(() => r('looping'), 45_000)),
    ])
    const run = { code, stdout: child.stdout(), stderr: child.stderr() }
    expect(run.code, run.stderr + run.stdout).toBe(0)
    // Never told to check the network: the network (and the API) were up all along.
    expect(run.stdout + run.stderr).not.toMatch(/check your network/i)
    expect(run.stdout).not.toMatch(/waiting-for-network/)

    const jobs = readJobs(home)
    for (const job of jobs) {
      expect(job.state, job.error ?? '').toBe('done')
      expect(await remoteSha256(moved.info, job.upload_id!)).toBe(hashes.get(job.path))
    }
    expect(await remoteMedia(moved.info)).toHaveLength(3)
    expect((await sandboxStats(moved.info)).totals.bytesPersisted).toBeGreaterThan(0)
    // The abandoned uploads were cancelled through the API, not left waiting.
    const waiting = await unusedUploadIds(moved)
    for (const id of oldUploads) expect(waiting).not.toContain(id)
  }, 120_000)
