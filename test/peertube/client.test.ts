import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { deflateSync } from 'node:zlib'
import { beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import type { ChunkRequest } from '../../main/providers/provider.ts'
import { createPeerTubeApiClient, type PeerTubeApiClient } from '../../main/providers/peertube/api-client.ts'
import { createPeerTubeLibrary, type PeerTubeLibrary } from '../../main/providers/peertube/library.ts'
import {
  createOAuthSession,
  type OAuthSession,
  type Tokens,
  type TokenStore,
} from '../../main/providers/peertube/oauth.ts'
import {
  initUpload,
  openUploadSession,
  type InitUploadRequest,
  type ResumableDeps,
} from '../../main/providers/peertube/resumable.ts'
import { apiUrl } from '../../main/providers/peertube/routes.ts'
import { CreatedUserSchema } from '../../main/providers/peertube/schemas.ts'
import { base32Decode, totp } from '../unit/providers/peertube/totp.ts'

const URL_ = process.env.PEERTUBE_TEST_URL
const ROOT_PASSWORD = process.env.PEERTUBE_TEST_ROOT_PASSWORD ?? 'test'
const FILE = join(import.meta.dirname, '../fixtures/media/tiny-160x90.mp4')
const BYTES = readFileSync(FILE)
const SIZE = BYTES.length
const MTIME = statSync(FILE).mtimeMs

function store(): TokenStore & { value: () => Tokens | null; set: (t: Tokens) => void } {
  let value: Tokens | null = null
  return {
    value: () => value,
    set: (t) => {
      value = t
    },
    load: () => Promise.resolve(value),
    save: (t) => {
      value = t
      return Promise.resolve()
    },
    clear: () => {
      value = null
      return Promise.resolve()
    },
  }
}

type Account = Readonly<{
  session: OAuthSession
  store: ReturnType<typeof store>
  client: PeerTubeApiClient
  library: PeerTubeLibrary
  deps: ResumableDeps
}>

function account(username: string): Account {
  const s = store()
  const session = createOAuthSession({ instanceUrl: URL_ ?? '', username, store: s })
  const client = createPeerTubeApiClient({ session })
  return {
    session,
    store: s,
    client,
    library: createPeerTubeLibrary(client),
    deps: { client, transport: { idleTimeoutMs: 30_000 } },
  }
}

function chunkOf(start: number, end: number, signal = new AbortController().signal): ChunkRequest {
  const piece = BYTES.subarray(start, end)
  return {
    start,
    length: piece.length,
    total: SIZE,
    signal,
    body: {
      writeTo: (sink: Writable, onBytes) =>
        new Promise<void>((resolve, reject) =>
          sink.write(piece, (e) => {
            if (e) reject(e)
            else {
              onBytes(piece.length)
              resolve()
            }
          }),
        ),
    },
  }
}

/** A chunk that sends half its bytes, then stalls until aborted (an interrupted connection). */
function stallingChunk(start: number, end: number, controller: AbortController): ChunkRequest {
  const piece = BYTES.subarray(start, end)
  const half = Math.floor(piece.length / 2)
  return {
    start,
    length: piece.length,
    total: SIZE,
    signal: controller.signal,
    body: {
      writeTo: (sink: Writable, onBytes) =>
        new Promise<void>((_resolve, reject) => {
          sink.write(piece.subarray(0, half), () => onBytes(half))
          setTimeout(() => controller.abort(), 300)
          controller.signal.addEventListener('abort', () => reject(new Error('aborted')))
        }),
    },
  }
}

/** A 16×16 grey PNG made by hand. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunkPng = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(16, 0)
  ihdr.writeUInt32BE(16, 4)
  ihdr.set([8, 0, 0, 0, 0], 8)
  const rows = Buffer.concat(
    Array.from({ length: 16 }, () => Buffer.from([0, ...Array<number>(16).fill(128)])),
  )
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunkPng('IHDR', ihdr),
    chunkPng('IDAT', deflateSync(rows)),
    chunkPng('IEND', Buffer.alloc(0)),
  ])
}

describe(`PeerTube client against ${process.env.PEERTUBE_TEST_TARGET ?? 'a'} server`, () => {
  const username = `spool${randomBytes(4).toString('hex')}`
  const password = `pw-${randomBytes(8).toString('hex')}`
  let user: Account
  let channelId: number
  let userId: number
  const dir = mkdtempSync(join(tmpdir(), 'spool-pt-'))
  const request = (jobId: string, name = `Spool real-server ${username}`): InitUploadRequest => ({
    video: {
      name,
      channelId,
      privacy: 3,
      description: 'Uploaded by the Spool client test',
      tags: ['spool', 'test'],
    },
    filename: 'tiny-160x90.mp4',
    size: SIZE,
    mimeType: 'video/mp4',
    fileModifiedMs: MTIME,
    clientJobId: jobId,
  })

  beforeAll(async () => {
    const root = account('root')
    await root.session.signIn({ password: ROOT_PASSWORD })
    const created = await root.client.json(
      'POST',
      apiUrl(root.client.instanceUrl, ['users']),
      CreatedUserSchema,
      {
        body: {
          json: {
            username,
            password,
            email: `${username}@example.com`,
            role: 2,
            videoQuota: -1,
            videoQuotaDaily: -1,
          },
        },
      },
    )
    userId = created.user.id
    user = account(username)
    await user.session.signIn({ password })
    const channels = await user.library.channels()
    channelId = channels[0]?.id ?? 0
    expect(channels[0]?.name).toBe(`${username}_channel`)
  })

  test('upload in chunks with an interruption and a probe, then list, update, caption, thumbnail, delete', async () => {
    const target = await initUpload(user.deps, request('job-main'))
    expect(target.resumed).toBe(false)
    const session = openUploadSession(user.deps, target.uploadUrl)
    const third = Math.ceil(SIZE / 3)

    expect(await session.probe(SIZE)).toEqual({ state: 'incomplete', persisted: 0 })
    expect(await session.put(chunkOf(0, third))).toEqual({ state: 'incomplete', persisted: third })

    // Interrupt the second chunk half-way, then ask the server where it stands.
    const controller = new AbortController()
    await expect(session.put(stallingChunk(third, 2 * third, controller))).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 300))
    const probed = await openUploadSession(user.deps, target.uploadUrl).probe(SIZE)
    expect(probed.state).toBe('incomplete')
    const persisted = probed.state === 'incomplete' ? probed.persisted : -1
    expect(persisted).toBeGreaterThanOrEqual(third)
    expect(persisted).toBeLessThan(2 * third)

    // The same job re-initialised finds its own upload (200 + Range).
    const again = await initUpload(user.deps, request('job-main'))
    expect(again).toMatchObject({ uploadId: target.uploadId, resumed: true, persisted })

    const resumed = openUploadSession(user.deps, again.uploadUrl)
    expect(await resumed.probe(SIZE)).toEqual({ state: 'incomplete', persisted })
    let status = await resumed.put(chunkOf(persisted, 2 * third))
    expect(status).toEqual({ state: 'incomplete', persisted: 2 * third })
    status = await resumed.put(chunkOf(2 * third, SIZE))
    expect(status.state).toBe('complete')
    const video = resumed.completedVideo()
    expect(video?.uuid).toMatch(/^[0-9a-f-]{36}$/)
    if (!video) throw new Error('no video')

    // After completion the upload is gone (404) — the caller checks the user's videos.
    expect(await resumed.probe(SIZE)).toEqual({ state: 'gone' })

    const page = await user.library.listMyVideos({ start: 0, count: 10 })
    expect(page.items.map((m) => m.id)).toContain(video.uuid)
    const search = await user.library.listMyVideos({ start: 0, count: 10, search: username })
    expect(search.total).toBeGreaterThanOrEqual(1)

    await user.library.updateVideo(video.shortUUID, {
      name: 'Renamed by Spool',
      description: 'Updated **description**',
      tags: ['updated', 'spool'],
      privacy: 2,
      language: 'en',
    })
    const srt = join(dir, 'captions.srt')
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHello from Spool\n')
    await user.library.addCaption(video.id, 'en', srt)
    const png = join(dir, 'thumb.png')
    writeFileSync(png, tinyPng())
    await user.library.setThumbnail(video.uuid, png)

    const media = await user.library.getVideo(video.uuid)
    expect(media.title).toBe('Renamed by Spool')
    expect(media.metadata).toMatchObject({ privacy: 'Unlisted', tags: 'spool, updated', language: 'en' })
    expect(media.tracks).toHaveLength(1)
    expect(media.tracks[0]).toMatchObject({ type: 'subtitle', languageCode: 'en' })
    expect(media.thumbnailUrl).toMatch(/^http/)
    const vtt = await fetch(media.tracks[0]?.url ?? '')
    expect(await vtt.text()).toContain('Hello from Spool')

    await user.library.deleteCaption(video.id, 'en')
    expect(await user.library.listCaptions(video.id)).toEqual([])
    await user.library.deleteVideo(video.id)
    await expect(user.library.getVideo(video.id)).rejects.toMatchObject({
      appError: { code: 'api/not-found' },
    })
    await user.library.deleteVideo(video.id) // already gone counts as done
  })

  test('two jobs for the same file get two uploads; cancelling one mid-way leaves 404', async () => {
    const a = await initUpload(user.deps, request('job-a', 'Same title twice'))
    const b = await initUpload(user.deps, request('job-b', 'Same title twice'))
    expect(a.uploadId).not.toBe(b.uploadId)
    const sa = openUploadSession(user.deps, a.uploadUrl)
    const sb = openUploadSession(user.deps, b.uploadUrl)
    expect(await sa.put(chunkOf(0, 1000))).toEqual({ state: 'incomplete', persisted: 1000 })
    expect(await sb.probe(SIZE)).toEqual({ state: 'incomplete', persisted: 0 })

    await sa.terminate()
    expect(await sa.probe(SIZE)).toEqual({ state: 'gone' })
    await expect(sa.queryStatus(SIZE, new AbortController().signal)).rejects.toMatchObject({
      reason: 'upload-gone',
    })
    await sa.cancel() // a second cancel is fine
    await sb.cancel()
    expect(await sb.probe(SIZE)).toEqual({ state: 'gone' })
  })

  test('refresh (forced by an expired access token) and rotation; old refresh token → sign in again', async () => {
    const before = user.store.value()
    if (!before) throw new Error('no tokens')
    const other = account(username)
    other.store.set({ ...before, accessExpiresAt: Date.now() - 1 })
    const [a, b, c] = await Promise.all([other.library.me(), other.library.me(), other.library.quotaUsed()])
    expect(a.username).toBe(username)
    expect(b.username).toBe(username)
    expect(c.videoQuotaUsed).toBeGreaterThanOrEqual(0)
    expect(other.store.value()?.accessToken).not.toBe(before.accessToken)
    // The first session still holds the revoked pair: 401 invalid_token → its refresh token is dead too.
    await expect(user.library.me()).rejects.toMatchObject({ reason: 'reauth-required' })
    expect(user.store.value()).toBeNull()
    user = other
  })

  test('errors from the real server: bad language, unknown channel, refused file, not found', async () => {
    await expect(
      initUpload(user.deps, {
        ...request('job-x'),
        video: { name: 'Bad lang', channelId, language: 'not-a-language' },
      }),
    ).rejects.toMatchObject({ appError: { code: 'api/validation' } })
    await expect(
      initUpload(user.deps, { ...request('job-y'), video: { name: 'Bad channel', channelId: 999_999 } }),
    ).rejects.toMatchObject({ appError: { code: 'api/bad-request' } })
    await expect(user.library.getVideo(999_999)).rejects.toMatchObject({
      appError: { code: 'api/not-found' },
    })

    // Random bytes declared as MP4: accepted at init, refused (422) when the last byte arrives.
    const junk = randomBytes(4096)
    const target = await initUpload(user.deps, { ...request('job-junk', 'Junk bytes'), size: junk.length })
    const session = openUploadSession(user.deps, target.uploadUrl)
    const put = session.put({
      start: 0,
      length: junk.length,
      total: junk.length,
      signal: new AbortController().signal,
      body: {
        writeTo: (sink: Writable, onBytes) =>
          new Promise<void>((resolve, reject) =>
            sink.write(junk, (e) => (e ? reject(e) : (onBytes(junk.length), resolve()))),
          ),
      },
    })
    await expect(put).rejects.toMatchObject({
      reason: 'file-refused',
      appError: { code: 'upload/not-media' },
    })
  })

  test('2FA: enable it, then sign-in asks for the code and succeeds with a TOTP', async () => {
    const requestOtp = await user.client.json(
      'POST',
      apiUrl(user.client.instanceUrl, ['users', String(userId), 'two-factor', 'request']),
      z.object({ otpRequest: z.object({ requestToken: z.string(), secret: z.string() }) }),
      { body: { json: { currentPassword: password } } },
    )
    const key = base32Decode(requestOtp.otpRequest.secret)
    await user.client.noContent(
      'POST',
      apiUrl(user.client.instanceUrl, ['users', String(userId), 'two-factor', 'confirm-request']),
      {
        body: { json: { requestToken: requestOtp.otpRequest.requestToken, otpToken: totp(key) } },
      },
    )
    const fresh = account(username)
    await expect(fresh.session.signIn({ password })).rejects.toMatchObject({ reason: 'otp-required' })
    await expect(
      fresh.session.signIn({ password, otp: '000000' === totp(key) ? '111111' : '000000' }),
    ).rejects.toMatchObject({
      reason: 'otp-invalid',
    })
    await fresh.session.signIn({ password, otp: totp(key) })
    expect((await fresh.library.me()).username).toBe(username)

    await fresh.session.signOut()
    expect(fresh.store.value()).toBeNull()
  })
})
