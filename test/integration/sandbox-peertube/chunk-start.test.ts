import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { runCli } from '../cli-library/run-cli.ts'
import { paddedMp4 } from '../../peertube/media-files.ts'
import { startPt, type Pt } from './harness.ts'

// Issue 12 §2: PeerTube chunks start at 64 MiB at most, under Cloudflare's 100 MB body cap, whatever the
// chunk size setting says; an instance that advertises a smaller maxChunkSize gets chunks of that size.
// The sandbox's proxy body limit stands for the proxy: it logs every chunk it refuses with a bare 413.

const MiB = 1024 * 1024
let pt: Pt | undefined

afterEach(async () => {
  await pt?.close()
  pt = undefined
})

/** Uploads one file of `size` bytes with `chunkArgs`; returns the 413s the proxy logged. */
async function upload(
  settings: { proxyBodyLimit: number; maxChunkSize?: number },
  size: number,
  chunkArgs: string[],
): Promise<string[]> {
  const refused: string[] = []
  pt = await startPt({ ...settings, log: (line) => void (/bare 413/.test(line) && refused.push(line)) })
  const user = await pt.user()
  const home = mkdtempSync(join(tmpdir(), 'spool-pt-chunk-'))
  const env = { SPOOL_HOME: home, PATH: process.env.PATH }
  const args = ['--provider', 'peertube', '--api-url', pt.sb.url, '--username', user.username]
  const added = await runCli(['account', 'add', 'pt', ...args], env, `${user.password}\n`)
  expect(added.status, added.stderr).toBe(0)
  paddedMp4(join(home, 'clips', 'long-take.mp4'), size)
  const run = await runCli(['upload', join(home, 'clips'), '--account', 'pt', ...chunkArgs, '--json'], env)
  expect(run.status, run.stderr + run.stdout).toBe(0)
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as { state: string }[]
  expect(jobs).toMatchObject([{ state: 'done' }])
  return refused
}

test('a 512 MiB chunk setting still starts at 64 MiB: a proxy that takes 64 MiB never refuses one', async () => {
  expect(await upload({ proxyBodyLimit: 64 * MiB }, 64 * MiB + 300 * 1024, ['--chunk-size', '512'])).toEqual(
    [],
  )
}, 60_000)

test("the instance's own smaller maxChunkSize is the limit", async () => {
  const limit = 3 * MiB
  const refused = await upload({ proxyBodyLimit: limit, maxChunkSize: limit }, 7 * MiB, [])
  expect(refused).toEqual([])
}, 60_000)
