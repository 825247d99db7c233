import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { paddedMp4 } from './media-files.ts'
import { asUser, createTestUser, TARGET, type TestUser } from './target.ts'

// Issue 12: with transcoding off, the file PeerTube stores is the one Spool read, byte for byte (downloaded
// back and compared). The sandbox never transcodes, so it is checked there in every run; a real server only
// when it was started with PEERTUBE_TRANSCODING=false (`npm run test:peertube` runs this file a second time so).
const storesOriginals = TARGET.kind === 'sandbox' || process.env.PEERTUBE_TRANSCODING === 'false'

let user: TestUser
let home: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  user = await createTestUser()
  home = mkdtempSync(join(tmpdir(), 'spool-pt-bytes-'))
  env = { SPOOL_HOME: home, PATH: process.env.PATH }
  const added = await runCli(
    ['account', 'add', 'pt', '--provider', 'peertube', '--api-url', TARGET.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  expect(added.status, added.stderr).toBe(0)
})

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

test.runIf(storesOriginals)('an mp4 sent in several chunks is stored byte-identical', async () => {
  const file = paddedMp4(join(home, 'clips', 'identical.mp4'), 1_300_000)
  const run = await runCli(
    [
      'upload',
      join(home, 'clips'),
      '--account',
      'pt',
      '--privacy',
      'public',
      '--chunk-size',
      '0.25',
      '--json',
    ],
    env,
  )
  expect(run.status, run.stderr + run.stdout).toBe(0)
  const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as { mediaId: string }[]
  const { library } = await asUser(user)
  const video = await library.getRawVideo(jobs[0]!.mediaId)
  const url = video.files?.[0]?.fileUrl
  expect(url, 'the stored file has a URL').toBeTruthy()
  const stored = Buffer.from(await (await fetch(url!)).arrayBuffer())
  expect(stored.length).toBe(readFileSync(file).length)
  expect(sha256(stored)).toBe(sha256(readFileSync(file)))
})
