import { randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createPeerTubeApiClient } from '../../main/providers/peertube/api-client.ts'
import { createPeerTubeLibrary } from '../../main/providers/peertube/library.ts'
import { createOAuthSession, type Tokens, type TokenStore } from '../../main/providers/peertube/oauth.ts'
import { initUpload, openUploadSession } from '../../main/providers/peertube/resumable.ts'
import { apiUrl } from '../../main/providers/peertube/routes.ts'
import { CreatedUserSchema } from '../../main/providers/peertube/schemas.ts'

/** The PeerTube this run targets: the sandbox (npm test) or a real server (npm run test:peertube). */
export const TARGET = {
  url: process.env.PEERTUBE_TEST_URL ?? '',
  rootPassword: process.env.PEERTUBE_TEST_ROOT_PASSWORD ?? 'test',
  kind: process.env.PEERTUBE_TEST_TARGET ?? 'sandbox',
}

export const MP4 = join(import.meta.dirname, '../fixtures/media/tiny-160x90.mp4')

function memoryStore(): TokenStore {
  let value: Tokens | null = null
  return {
    load: () => Promise.resolve(value),
    save: (t) => Promise.resolve(void (value = t)),
    clear: () => Promise.resolve(void (value = null)),
  }
}

/** A signed-in client for one user of the target (tokens in memory). */
export async function signedIn(username: string, password: string) {
  const session = createOAuthSession({ instanceUrl: TARGET.url, username, store: memoryStore() })
  await session.signIn({ password })
  const client = createPeerTubeApiClient({ session })
  return { session, client, library: createPeerTubeLibrary(client) }
}

export type TestUser = Readonly<{ username: string; password: string; channelId: number; channel: string }>

type SignedIn = Awaited<ReturnType<typeof signedIn>>

/**
 * Sessions kept per user for the whole test file. Every password or refresh grant counts against the
 * instance's login rate limit (a real PeerTube allows 15 per 5 minutes by default, 100 in the test
 * server's configuration, shared by every file of the run), so helpers sign in once per user.
 */
const sessions = new Map<string, Promise<SignedIn>>()

/** The kept session of `user` (signed in on first use). */
export function asUser(user: Readonly<{ username: string; password: string }>): Promise<SignedIn> {
  let session = sessions.get(user.username)
  if (!session) {
    session = signedIn(user.username, user.password)
    sessions.set(user.username, session)
    session.catch(() => sessions.delete(user.username))
  }
  return session
}

/** An ordinary user made through the admin API (unique name: a deleted name stays reserved). */
export async function createTestUser(quota = -1): Promise<TestUser> {
  const root = await asUser({ username: 'root', password: TARGET.rootPassword })
  const username = `spool${randomBytes(5).toString('hex')}`
  const password = `pw-${randomBytes(9).toString('hex')}`
  await root.client.json('POST', apiUrl(TARGET.url, ['users']), CreatedUserSchema, {
    body: {
      json: {
        username,
        password,
        email: `${username}@example.com`,
        role: 2,
        videoQuota: quota,
        videoQuotaDaily: -1,
      },
    },
  })
  const user = await asUser({ username, password })
  const channel = (await user.library.channels())[0]
  if (!channel) throw new Error(`the new user ${username} has no channel`)
  return { username, password, channelId: channel.id, channel: channel.name }
}

/** Uploads the tiny mp4 as `user` with Spool's own client; returns the new video's uuid. */
export async function uploadTiny(user: TestUser, name: string): Promise<string> {
  const { client } = await asUser(user)
  const deps = { client, transport: { idleTimeoutMs: 30_000 } }
  const bytes = readFileSync(MP4)
  const started = await initUpload(deps, {
    video: { name, channelId: user.channelId, privacy: 1 },
    filename: 'tiny-160x90.mp4',
    size: bytes.length,
    mimeType: 'video/mp4',
    fileModifiedMs: statSync(MP4).mtimeMs,
    clientJobId: randomBytes(8).toString('hex'),
  })
  const session = openUploadSession(deps, started.uploadUrl)
  await session.put({
    start: 0,
    length: bytes.length,
    total: bytes.length,
    signal: new AbortController().signal,
    body: {
      writeTo: (sink, onBytes) =>
        new Promise<void>((resolve, reject) =>
          sink.write(bytes, (e) => (e ? reject(e) : (onBytes(bytes.length), resolve()))),
        ),
    },
  })
  const video = session.completedVideo()
  if (!video) throw new Error('the upload did not complete')
  return video.uuid
}
