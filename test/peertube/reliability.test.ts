import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createKeytarSecretStore } from '../../main/accounts/keytar-secret-store.ts'
import { secretKeys } from '../../main/accounts/secret-store.ts'
import { openUploadSession } from '../../main/providers/peertube/resumable.ts'
import { uploadUrl } from '../../main/providers/peertube/routes.ts'
import { mib } from '../../main/providers/peertube/preflight.ts'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { readJobs, spawnCli, type CliChild } from '../integration/uploads/cli-harness.ts'
import { isInit, putRange, startGate, type Gate, type Seen } from './gate.ts'
import { paddedMp4 } from './media-files.ts'
import { loadCaptures } from '../unit/providers/peertube/replay-server.ts'
import { asUser, createTestUser, TARGET, uploadTiny, type TestUser } from './target.ts'

// Issue 12's reliability acceptance on PeerTube, against the target (sandbox or real server). The CLI talks to
// the target through a gate (test/peertube/gate.ts) that stops the conversation at an exact point, so each
// moment is deterministic on both targets: kill -9 during the init, mid-upload and after the last chunk;
// a cancel from a second process; an access token the server stops accepting mid-upload; a batch over quota.

const MiB = 1_048_576
const CHUNK = MiB / 4
/** Six chunks of 0.25 MiB. */
const SIZE = 6 * CHUNK

type Case = {
  user: TestUser
  gate: Gate
  home: string
  env: NodeJS.ProcessEnv
  account: string
  file: string
  title: string
}

const cases: Case[] = []

afterEach(async () => {
  for (const c of cases.splice(0)) {
    await c.gate.close()
    rmSync(c.home, { recursive: true, force: true })
  }
})

/** A fresh user, a gate in front of the target, a Spool home with the account added through the gate. */
async function prepare(tag: string, quota = -1): Promise<Case> {
  const user = await createTestUser(quota)
  const gate = await startGate(TARGET.url)
  const home = mkdtempSync(join(tmpdir(), `spool-pt-rel-${tag}-`))
  const env: NodeJS.ProcessEnv = { ...process.env, SPOOL_HOME: home }
  const account = `rel-${tag}-${user.username.slice(-4)}`
  const added = await runCli(
    ['account', 'add', account, '--provider', 'peertube', '--api-url', gate.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  expect(added.status, added.stderr).toBe(0)
  const title = `Reliability ${tag}`
  const file = paddedMp4(join(home, 'media', `${title}.mp4`), SIZE)
  const c = { user, gate, home, env, account, file, title }
  cases.push(c)
  return c
}

/** Changes the file's last (padding) byte: same size, other content, so it is not a duplicate of its twin. */
function makeDistinct(path: string): void {
  const bytes = readFileSync(path)
  bytes[bytes.length - 1] = (bytes[bytes.length - 1]! + 1) & 0xff
  writeFileSync(path, bytes)
}

const startUpload = (c: Case): CliChild =>
  spawnCli(['upload', c.file, '--account', c.account, '--chunk-size', '0.25', '--no-wait', '--json'], c.env)

async function kill(c: Case, run: CliChild): Promise<void> {
  run.child.kill('SIGKILL')
  expect(await run.exit).toBeNull()
  c.gate.releaseHeld()
}

/** Uploads the file and kills the CLI once the server has answered its last chunk (the video is made). */
async function killAfterLastChunk(c: Case): Promise<void> {
  const held = c.gate.holdResponse((r) => {
    const range = putRange(r)
    return range !== null && range.end === range.total - 1
  })
  const run = startUpload(c)
  expect((await held).status).toBe(200)
  expect(readJobs(c.home)[0]?.state).not.toBe('done')
  await kill(c, run)
}

async function queueRun(c: Case): Promise<void> {
  const r = await runCli(['queue', 'run', '--json'], c.env)
  expect(r.status, r.stderr + r.stdout).toBe(0)
}

type JobLine = { id: string; state: string; mediaId?: string | null; uploadId?: string | null }

async function jobs(c: Case): Promise<JobLine[]> {
  return JSON.parse((await runCli(['queue', 'list', '--json'], c.env)).stdout) as JobLine[]
}

/** What the target says about `uploadId` when the user asks (the gate is not in the way). */
async function probe(c: Case, uploadId: string): Promise<string> {
  const { client } = await asUser(c.user)
  const session = openUploadSession(
    { client, transport: { idleTimeoutMs: 30_000 } },
    uploadUrl(TARGET.url, uploadId).toString(),
  )
  return (await session.probe(SIZE)).state
}

/** One video for the file, the job done on it, and every upload the target ever created for it gone. */
async function expectOneVideoNoOrphan(c: Case): Promise<void> {
  const [job, ...more] = await jobs(c)
  expect(more).toEqual([])
  expect(job?.state).toBe('done')
  const { library } = await asUser(c.user)
  const page = await library.listMyVideos({ start: 0, count: 50 })
  expect(page.raw.map((v) => v.name)).toEqual([c.title])
  expect(job?.mediaId).toBe(page.raw[0]?.uuid)
  const ids = new Set(c.gate.uploadIds())
  expect(ids.size).toBe(1) // a restarted init found its own upload; no second upload was created
  for (const id of ids) expect(await probe(c, id)).toBe('gone')
}

const putFrom =
  (offset: number) =>
  (r: Seen): boolean =>
    (putRange(r)?.start ?? -1) >= offset

describe(`reliability on PeerTube (${TARGET.kind})`, () => {
  test('kill -9 during the init (the server made the upload, Spool never stored it) → one video, no orphan', async () => {
    const c = await prepare('init')
    const held = c.gate.holdResponse(isInit)
    const run = startUpload(c)
    expect((await held).status).toBe(201)
    expect(readJobs(c.home)[0]?.upload_id).toBeNull()
    await kill(c, run)

    await queueRun(c)
    expect(c.gate.uploadIds()).toHaveLength(2) // the second init answered with the first upload's id
    await expectOneVideoNoOrphan(c)
  })

  test('kill -9 mid-upload (bytes acknowledged) → resumed from the server offset, one video, no orphan', async () => {
    const c = await prepare('mid')
    const held = c.gate.holdRequest(putFrom(2 * CHUNK))
    const run = startUpload(c)
    await held
    const [row] = readJobs(c.home)
    expect(row?.upload_id).toBeTruthy()
    expect(row?.bytes_acked).toBeGreaterThan(0)
    await kill(c, run)
    const before = c.gate.passed().length

    await queueRun(c)
    const resent = c.gate
      .passed()
      .slice(before)
      .map(putRange)
      .filter((r) => r !== null)
    expect(resent[0]?.start).toBe(2 * CHUNK) // nothing the server held was sent again
    expect(resent.every((r) => r.start >= 2 * CHUNK)).toBe(true)
    await expectOneVideoNoOrphan(c)
  })

  test('kill -9 right after the last chunk (video made, not committed locally) → no second copy', async () => {
    const c = await prepare('last')
    await killAfterLastChunk(c)

    await queueRun(c)
    await expectOneVideoNoOrphan(c)
  })

  test('kill -9 while PeerTube makes the video → queue run asks again in seconds, not after its Retry-After: 300', async () => {
    const c = await prepare('making')
    await killAfterLastChunk(c)
    // queue run's first question about that upload meets what PeerTube answers while it is still turning the
    // last chunk into a video (captured from a real 6.3.2): 503, Retry-After: 300.
    const capture = loadCaptures().get('073')!
    const busy = c.gate.answerOnce(
      (r) => r.method === 'PUT' && r.headers['content-range'] === `bytes */${SIZE}`,
      {
        status: capture.response.status,
        headers: capture.response.headers,
        body: capture.response.body,
      },
    )

    await queueRun(c)
    await busy
    const answers = c.gate.passed()
    const at503 = answers.findIndex((p) => p.status === 503)
    const next = answers[at503 + 1]
    expect(at503, JSON.stringify(answers.map((p) => [p.method, p.status]))).toBeGreaterThanOrEqual(0)
    // PROCESSING_RECHECK_MS (2 s) with jitter, far from the five minutes the header asks for.
    expect((next?.at ?? Infinity) - answers[at503]!.at).toBeLessThan(15_000)
    await expectOneVideoNoOrphan(c)
  }, 60_000)

  test('cancel mid-upload from a second process → the upload answers 404 and no video exists', async () => {
    const c = await prepare('cancel')
    const held = c.gate.holdRequest(putFrom(2 * CHUNK))
    const run = startUpload(c)
    await held
    const [row] = readJobs(c.home)
    const uploadId = row?.upload_id
    if (!row || !uploadId) throw new Error('the upload was not stored')
    const cancel = spawnCli(['queue', 'cancel', row.id, '--json'], c.env)
    expect(await cancel.exit, cancel.stderr()).toBe(0)
    await run.exit
    c.gate.releaseHeld()

    expect(readJobs(c.home)[0]?.state).toBe('cancelled')
    expect(await probe(c, uploadId)).toBe('gone')
    const { library } = await asUser(c.user)
    expect((await library.listMyVideos({ start: 0, count: 50 })).total).toBe(0)
  })

  test('the access token stops being accepted mid-upload → one refresh, the same upload continues', async () => {
    const c = await prepare('token')
    const key = secretKeys.accountPeerTubeTokens(c.account)
    const stored = (): { accessToken: string } => JSON.parse(storedRaw ?? '{}') as { accessToken: string }
    let storedRaw = await createKeytarSecretStore().get(key)
    const before = stored().accessToken
    const start = c.gate.passed().length
    // The server itself answers 401 invalid_token: the bearer it gets for the third chunk is one it never issued
    // (what an expired token looks like to it).
    const swapped = c.gate.swapAuthorization(putFrom(2 * CHUNK), `Bearer ${'0'.repeat(40)}`)
    const run = startUpload(c)
    await swapped
    expect(await run.exit, run.stderr()).toBe(0)

    const exchanges = c.gate.passed().slice(start)
    const rejected = exchanges.findIndex((e) => e.status === 401)
    expect(rejected).toBeGreaterThanOrEqual(0)
    const refreshes = exchanges.filter((e) => e.method === 'POST' && e.path === '/api/v1/users/token')
    expect(refreshes).toHaveLength(1)
    const retried = exchanges.slice(rejected + 1).find((e) => putRange(e) !== null)
    expect(putRange(retried!)?.start).toBe(putRange(exchanges[rejected]!)?.start)
    const uploadIdOf = (e: Seen): string | null => new URL(e.path, TARGET.url).searchParams.get('upload_id')
    expect(uploadIdOf(retried!)).toBe(uploadIdOf(exchanges[rejected]!))
    storedRaw = await createKeytarSecretStore().get(key)
    expect(stored().accessToken).not.toBe(before) // the refreshed pair was saved
    await expectOneVideoNoOrphan(c)
  })

  test('files the instance does not accept are skipped with its reason; the rest of the batch uploads', async () => {
    const c = await prepare('types')
    // The instance's own config, with the allow-list an instance without transcoding has.
    c.gate.rewriteJson(
      (r) => r.method === 'GET' && r.path === '/api/v1/config',
      (config) => {
        const video = (config as { video: { file: { extensions: string[] } } }).video
        video.file.extensions = ['.webm', '.ogv', '.mp4']
        return config
      },
    )
    const dir = join(c.home, 'card')
    paddedMp4(join(dir, 'keep.mp4'), 2 * CHUNK)
    makeDistinct(paddedMp4(join(dir, 'refused.mov'), 2 * CHUNK))

    const r = await runCli(['upload', dir, '--account', c.account, '--no-wait', '--json'], c.env)
    // Something was refused: exit 1 (issue 13 §5), as `--dry-run` would have said; the rest still went.
    expect(r.status, r.stderr).toBe(1)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type?: string; path?: string; error?: { message: string } })
    expect(lines.filter((l) => l.type === 'skipped')).toEqual([
      {
        type: 'skipped',
        path: join(dir, 'refused.mov'),
        error: { code: 'upload/not-media', message: 'This PeerTube instance does not accept .mov files.' },
      },
    ])
    expect((await jobs(c)).map((j) => j.state)).toEqual(['done'])
    const { library } = await asUser(c.user)
    expect((await library.listMyVideos({ start: 0, count: 50 })).raw.map((v) => v.name)).toEqual(['keep'])
  })

  test('a batch over the quota is refused before a byte is sent, with the figures; nothing is queued', async () => {
    const c = await prepare('quota', MiB)
    await uploadTiny(c.user, 'Already here')
    const { library } = await asUser(c.user)
    const used = await library.quotaUsed()
    expect(used.videoQuotaUsed).toBeGreaterThan(0)
    const dir = join(c.home, 'batch')
    paddedMp4(join(dir, 'one.mp4'), 3 * CHUNK)
    makeDistinct(paddedMp4(join(dir, 'two.mp4'), 3 * CHUNK))
    const start = c.gate.passed().length

    const r = await runCli(['upload', dir, '--account', c.account], c.env)
    expect(r.status, r.stdout).toBe(1)
    expect(r.stderr).toContain(
      `These 2 files need ${mib(SIZE)}, but this PeerTube account has ${mib(MiB - used.videoQuotaUsed)} left of its quota: ${mib(used.videoQuotaUsed)} used of ${mib(MiB)}.`,
    )
    expect(await jobs(c)).toEqual([])
    expect(
      c.gate
        .passed()
        .slice(start)
        .filter((e) => isInit(e) || putRange(e)),
    ).toEqual([])
    expect((await library.quotaUsed()).videoQuotaUsed).toBe(used.videoQuotaUsed)
  })
})
