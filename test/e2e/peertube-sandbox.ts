import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { createPeerTubeApiClient, type PeerTubeApiClient } from '../../main/providers/peertube/api-client.ts'
import { createPeerTubeLibrary, type PeerTubeLibrary } from '../../main/providers/peertube/library.ts'
import { createOAuthSession, type Tokens, type TokenStore } from '../../main/providers/peertube/oauth.ts'
import { apiUrl } from '../../main/providers/peertube/routes.ts'
import { CreatedUserSchema, MeSchema } from '../../main/providers/peertube/schemas.ts'
import { startPeerTubeSandbox, type PeerTubeSandboxHandle } from '../../sandbox/peertube/index.ts'
import { totp } from '../../sandbox/peertube/totp.ts'

/** A PeerTube sandbox for the e2e tests, with one ordinary user who has two-factor authentication on. */
export type PeerTubeE2e = Readonly<{
  sandbox: PeerTubeSandboxHandle
  user: Readonly<{ username: string; password: string; channel: string; channelDisplayName: string }>
  /** The user's current one-time code (the e2e plays "a user with an authenticator app"). */
  otp(): string
  /** The user's own API (signed in with the password and a code), for checking what Spool did. */
  library: PeerTubeLibrary
  client: PeerTubeApiClient
  close(): Promise<void>
}>

function memoryTokens(): TokenStore {
  let value: Tokens | null = null
  return {
    load: () => Promise.resolve(value),
    save: (t) => Promise.resolve(void (value = t)),
    clear: () => Promise.resolve(void (value = null)),
  }
}

async function signedIn(url: string, username: string, password: string, otp?: () => string) {
  const session = createOAuthSession({ instanceUrl: url, username, store: memoryTokens() })
  await session.signIn({ password, ...(otp ? { otp: otp() } : {}) })
  const client = createPeerTubeApiClient({ session })
  return { client, library: createPeerTubeLibrary(client) }
}

const OtpRequestSchema = z.object({ otpRequest: z.object({ requestToken: z.string(), secret: z.string() }) })

/**
 * Starts the PeerTube sandbox on loopback, makes a user through the admin API (as the PeerTube suite does
 * against a real server) and turns two-factor authentication on for them through the user API.
 */
export async function startPeerTubeE2e(): Promise<PeerTubeE2e> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spool-e2e-peertube-'))
  const rootPassword = `root-${randomBytes(6).toString('hex')}`
  const sandbox = await startPeerTubeSandbox({
    dataDir,
    rootPassword,
    transcodingDelayMs: 300,
    torrentDelayMs: 100,
  })
  try {
    const root = await signedIn(sandbox.url, 'root', rootPassword)
    const username = `ana${randomBytes(3).toString('hex')}`
    const password = `pw-${randomBytes(9).toString('hex')}`
    await root.client.json('POST', apiUrl(sandbox.url, ['users']), CreatedUserSchema, {
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
    })
    const plain = await signedIn(sandbox.url, username, password)
    const me = await plain.client.json('GET', apiUrl(sandbox.url, ['users', 'me']), MeSchema)
    const channel = me.videoChannels[0]
    if (!channel) throw new Error(`the new user ${username} has no channel`)
    const request = await plain.client.json(
      'POST',
      apiUrl(sandbox.url, ['users', String(me.id), 'two-factor', 'request']),
      OtpRequestSchema,
      { body: { json: { currentPassword: password } } },
    )
    const secret = request.otpRequest.secret
    await plain.client.noContent(
      'POST',
      apiUrl(sandbox.url, ['users', String(me.id), 'two-factor', 'confirm-request']),
      { body: { json: { requestToken: request.otpRequest.requestToken, otpToken: totp(secret) } } },
    )
    const otp = (): string => totp(secret)
    const own = await signedIn(sandbox.url, username, password, otp)
    return {
      sandbox,
      user: { username, password, channel: channel.name, channelDisplayName: channel.displayName },
      otp,
      library: own.library,
      client: own.client,
      async close() {
        await sandbox.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (caught) {
    await sandbox.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw caught
  }
}
