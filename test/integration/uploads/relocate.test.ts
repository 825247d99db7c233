import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { sandboxStats, spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { cliEnv, readJobs, runCli, spawnCli, until } from './cli-harness.ts'
import { remoteMedia, remoteSha256, tempDir, writeMp4 } from './harness.ts'

// Issue 13 §1: a camera card mounted again at another path (here: its folder renamed between a kill and a
// resume). Its unfinished jobs are found by their files' fingerprints and continue from the bytes already
// sent, instead of failing as "source missing" and being uploaded again from zero.

const MiB = 1024 * 1024
let dir: string
let sb: SandboxProcess

beforeAll(async () => {
  dir = tempDir('spool-relocate-')
  // Throttled so the run is killed mid-transfer.
  sb = await spawnSandbox([
    '--data',
    join(dir, 'sandbox'),
    '--ready-after',
    '50',
    '--faults',
    'throttle=4000000',
  ])
})
afterAll(async () => {
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Writes a card folder of three clips; returns their sha256 by file name. */
function card(path: string): Map<string, string> {
  mkdirSync(path, { recursive: true })
  return new Map(
    ['C0001.MP4', 'C0002.MP4', 'C0003.MP4'].map((name, i) => [
      name,
      writeMp4(join(path, name), Math.round((3 + i) * MiB)),
    ]),
  )
}

const persisted = async (): Promise<number> => (await sandboxStats(sb.info)).totals.bytesPersisted

/** Starts `spool upload` and kills it (SIGKILL) once 3 MiB of the card are on the server. */
async function uploadAndKill(folder: string, env: NodeJS.ProcessEnv, home: string): Promise<void> {
  const start = await persisted()
  const run = spawnCli(['upload', folder, '--chunk-size', '0.5', '--no-wait'], env)
  await until(async () => (await persisted()) >= start + 3 * MiB, 60_000, '3 MiB on the server')
  run.child.kill('SIGKILL')
  await run.exit
  expect(readJobs(home).some((j) => j.state !== 'done')).toBe(true)
}

async function expectOnServer(hashes: Map<string, string>, before: number): Promise<void> {
  const media = await remoteMedia(sb.info)
  expect(media.length - before).toBe(hashes.size)
  const remote = await Promise.all(media.slice(0, hashes.size).map((m) => remoteSha256(sb.info, m.id)))
  expect(remote.sort()).toEqual([...hashes.values()].sort())
}

/** A card of three clips whose upload from a fresh home was killed mid-transfer. */
async function killedCard(name: string) {
  const home = join(dir, `home-${name}`)
  const env = cliEnv(home, sb.info)
  const old = join(dir, name)
  const hashes = card(old)
  const before = (await remoteMedia(sb.info)).length
  const start = await persisted()
  await uploadAndKill(old, env, home)
  return { home, env, old, hashes, before, start }
}

test('folder renamed after a kill: spool upload NEW continues the same jobs from where they were', async () => {
  const { home, env, old, hashes, before, start } = await killedCard('CARD-A')
  const ids = readJobs(home).map((j) => j.id)

  const moved = join(dir, 'CARD-A-remounted')
  renameSync(old, moved)
  const resumed = await runCli(['upload', moved, '--json'], env)
  expect(resumed.code, resumed.stderr).toBe(0)
  const lines = resumed.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; match?: string; existingJobId?: string })
  const unfinished = lines.filter((l) => l.type === 'duplicate' && l.match === 'moved')
  expect(unfinished.length).toBeGreaterThan(0)
  // The same jobs, now at the new place, all done; no job was added for the moved files.
  const jobs = readJobs(home)
  expect(jobs.map((j) => j.id)).toEqual(ids)
  expect(jobs.every((j) => j.state === 'done' && j.path.startsWith(moved))).toBe(true)
  await expectOnServer(hashes, before)
  // Continued, not started again: the server received the card once (3 MiB again would show).
  expect((await persisted()) - start).toBeLessThan(12 * MiB + 1.5 * MiB)
}, 120_000)

test('spool queue run names the missing files; spool queue relocate OLD NEW sends the jobs on', async () => {
  const { home, env, old, hashes, before } = await killedCard('CARD-B')

  const moved = join(dir, 'media', 'CARD-B')
  mkdirSync(join(dir, 'media'))
  renameSync(old, moved)
  const failed = await runCli(['queue', 'run'], env)
  expect(failed.code).toBe(1)
  expect(failed.stderr).toContain(`no longer where they were (under ${old})`)
  expect(failed.stderr).toContain('spool queue relocate')
  expect(
    readJobs(home)
      .filter((j) => j.state !== 'done')
      .every((j) => j.state === 'failed'),
  ).toBe(true)

  const relocated = await runCli(['queue', 'relocate', old, moved], env)
  expect(relocated.code, relocated.stderr).toBe(0)
  expect(relocated.stdout).toMatch(
    /^moved {15}.*CARD-B\/C000\d\.MP4 → .*media\/CARD-B\/C000\d\.MP4 \(job \w{8}, \d+% sent\)$/m,
  )
  expect(relocated.stdout).not.toContain('not found')

  const finished = await runCli(['queue', 'run'], env)
  expect(finished.code, finished.stderr + finished.stdout).toBe(0)
  expect(finished.stderr).not.toContain('no longer where they were')
  expect(readJobs(home).every((j) => j.state === 'done' && j.path.startsWith(moved))).toBe(true)
  await expectOnServer(hashes, before)
}, 120_000)
