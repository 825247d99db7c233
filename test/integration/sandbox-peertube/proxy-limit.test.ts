import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../cli-library/run-cli.ts'
import { paddedMp4 } from '../../peertube/media-files.ts'
import { startPt, type Pt, type TestUser } from './harness.ts'

// Issue 12 §2: behind a reverse proxy whose body limit is smaller than Spool's chunk, the proxy answers a bare
// 413 (no PeerTube problem+json). Spool halves the chunk and goes on; the file arrives whole.

let pt: Pt
let user: TestUser
let env: NodeJS.ProcessEnv
let home: string

beforeAll(async () => {
  pt = await startPt({ proxyBodyLimit: 1024 * 1024 })
  user = await pt.user()
  home = mkdtempSync(join(tmpdir(), 'spool-pt-proxy-'))
  env = { SPOOL_HOME: home, PATH: process.env.PATH }
  const added = await runCli(
    ['account', 'add', 'pt', '--provider', 'peertube', '--api-url', pt.sb.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  expect(added.status, added.stderr).toBe(0)
})
afterAll(async () => {
  await pt?.close()
})

test('a bare 413 from a proxy halves the chunk until it passes; the upload completes byte for byte', async () => {
  const file = paddedMp4(join(home, 'clips', 'long-take.mp4'), 3 * 1024 * 1024 + 12345)
  const run = await runCli(
    ['upload', join(home, 'clips'), '--account', 'pt', '--chunk-size', '4', '--json'],
    env,
  )
  expect(run.status, run.stderr + run.stdout).toBe(0)
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as {
    state: string
    mediaId: string
  }[]
  expect(jobs).toMatchObject([{ state: 'done' }])
  const video = (await pt.call('GET', `/api/v1/videos/${jobs[0]!.mediaId}`, { token: user.token })).body as {
    files: { fileUrl: string }[]
  }
  const stored = Buffer.from(await (await fetch(video.files[0]!.fileUrl)).arrayBuffer())
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
  expect(sha(stored)).toBe(sha(readFileSync(file)))
})
