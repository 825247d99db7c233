import type { AccountSummary } from '../../common/domain/account.ts'
import { fail } from '../../common/ipc/result.ts'
import type { WritableDb } from '../db/database.ts'
import type { Credentials } from '../http/client.ts'
import { registerSecret } from '../logging/redact.ts'
import { homeLayout } from '../paths.ts'
import { createFastPixProvider } from '../providers/fastpix/fastpix-provider.ts'
import type { Provider } from '../providers/provider.ts'
import {
  ENV_ACCOUNT,
  findStoredAccount,
  SANDBOX_ACCOUNT,
  selectedAccountName,
  tokenHint,
  type StoredAccount,
} from './account-repo.ts'
import { readPinnedCertificate } from './certificate-pins.ts'
import { openEmbeddedSandbox, type EmbeddedSandbox } from './embedded-sandbox.ts'
import { secretKeys, type SecretStore } from './secret-store.ts'

/** Where client commands go: the account, its provider, and how to release what was opened for it. */
export type Destination = Readonly<{
  account: AccountSummary
  provider: Provider
  close(): Promise<void>
}>

export type ResolveDestinationInput = Readonly<{
  accountName?: string
  env: NodeJS.ProcessEnv
  home: string
  secrets: SecretStore
  db: WritableDb
  userAgent?: string
}>

/** PeerTube's modules, loaded only when a PeerTube destination is opened (a FastPix upload never pays for them). */
const peertube = () => import('./peertube-accounts.ts')

/** FastPix's production API. */
export const DEFAULT_API_URL = 'https://api.fastpix.com/v1'
/** FastPix's stream host. */
export const DEFAULT_STREAM_URL = 'https://stream.fastpix.com'

/** Reads an account's Access Token ID and Secret Key from the keychain (once per destination). */
export function keychainCredentials(secrets: SecretStore, name: string): () => Promise<Credentials> {
  let pending: Promise<Credentials> | null = null
  const load = async (): Promise<Credentials> => {
    const [tokenId, secretKey] = await Promise.all([
      secrets.get(secretKeys.accountTokenId(name)),
      secrets.get(secretKeys.accountSecret(name)),
    ])
    if (!tokenId || !secretKey)
      fail(
        'auth/no-account',
        `The keychain has no credentials for account "${name}". Remove and add it again.`,
      )
    registerSecret(secretKey)
    return { tokenId, secretKey }
  }
  return () => {
    pending ??= load().catch((caught: unknown) => {
      pending = null
      throw caught
    })
    return pending
  }
}

/** Opens the built-in sandbox (started in-process, or reused) as a Destination. */
export async function sandboxDestination(
  home: string,
  db: WritableDb,
  userAgent?: string,
): Promise<Destination> {
  const sandbox = await openEmbeddedSandbox(homeLayout(home).sandboxData)
  const credentials = { tokenId: sandbox.username, secretKey: sandbox.password }
  try {
    return sandboxAsDestination(sandbox, credentials, db, userAgent)
  } catch (caught) {
    await sandbox.close()
    throw caught
  }
}

function sandboxAsDestination(
  sandbox: EmbeddedSandbox,
  credentials: Credentials,
  db: WritableDb,
  userAgent?: string,
): Destination {
  return {
    account: {
      name: SANDBOX_ACCOUNT,
      kind: 'fastpix',
      apiUrl: sandbox.apiUrl,
      streamUrl: sandbox.streamUrl,
      builtIn: true,
      selected: selectedAccountName(db) === SANDBOX_ACCOUNT,
      tokenIdHint: null,
    },
    provider: createFastPixProvider({
      apiUrl: sandbox.apiUrl,
      credentials: () => Promise.resolve(credentials),
      sandbox: true,
      ...(userAgent ? { userAgent } : {}),
    }),
    close: () => sandbox.close(),
  }
}

/** A stored account as a Destination (its secret comes from the keychain on first use). */
export async function storedDestination(
  account: StoredAccount,
  secrets: SecretStore,
  db: WritableDb,
  userAgent?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Destination> {
  let summary: AccountSummary = {
    name: account.name,
    kind: account.kind,
    apiUrl: account.apiUrl,
    streamUrl: account.streamUrl,
    builtIn: false,
    selected: selectedAccountName(db) === account.name,
    tokenIdHint: account.tokenIdHint,
    ...(account.username ? { username: account.username } : {}),
  }
  const pin = account.kind === 'peertube' ? readPinnedCertificate(db, account.name) : null
  if (pin) summary = { ...summary, certificateFingerprint: pin.fingerprint }
  const pt = account.kind === 'peertube' ? await peertube() : null
  const provider = pt
    ? pt.createPeerTubeProvider({
        instanceUrl: account.apiUrl,
        username: account.username ?? '',
        tokens: pt.keychainTokenStore(secrets, secretKeys.accountPeerTubeTokens(account.name)),
        pinnedCertificate: pin,
        env,
        ...(userAgent ? { userAgent } : {}),
      })
    : createFastPixProvider({
        apiUrl: account.apiUrl,
        credentials: keychainCredentials(secrets, account.name),
        ...(userAgent ? { userAgent } : {}),
      })
  return { account: summary, provider, close: () => Promise.resolve() }
}

/**
 * The PEERTUBE_URL / PEERTUBE_USERNAME / PEERTUBE_PASSWORD destination. Its tokens are kept in the keychain
 * under the instance and user, so later commands reuse them instead of signing in again (instances allow
 * few logins); the password is used only when there are no tokens yet (or they were revoked).
 */
async function envPeerTubeDestination(
  env: NodeJS.ProcessEnv,
  secrets: SecretStore,
  userAgent?: string,
): Promise<Destination | null> {
  const { PEERTUBE_URL: url, PEERTUBE_USERNAME: username, PEERTUBE_PASSWORD: password } = env
  if (!url && !username && !password) return null
  if (!url || !username || !password)
    fail(
      'auth/no-account',
      'Set all of PEERTUBE_URL, PEERTUBE_USERNAME and PEERTUBE_PASSWORD, or none of them.',
    )
  const { createPeerTubeProvider, keychainTokenStore, parseNewPeerTubeAccount, signInPeerTube } =
    await peertube()
  const input = parseNewPeerTubeAccount({ name: ENV_ACCOUNT, instanceUrl: url, username, password })
  const tokens = keychainTokenStore(secrets, secretKeys.envPeerTubeTokens(input.instanceUrl, input.username))
  const provider = (await tokens.load())
    ? createPeerTubeProvider({
        instanceUrl: input.instanceUrl,
        username: input.username,
        tokens,
        env,
        ...(userAgent ? { userAgent } : {}),
      })
    : await signInPeerTube(input, tokens, { env, ...(userAgent ? { userAgent } : {}) })
  return {
    account: {
      name: ENV_ACCOUNT,
      kind: 'peertube',
      apiUrl: input.instanceUrl,
      streamUrl: input.instanceUrl,
      builtIn: false,
      selected: false,
      tokenIdHint: null,
      username: input.username,
    },
    provider,
    close: () => Promise.resolve(),
  }
}

const isHttpUrl = (value: string): boolean => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)

function envDestination(env: NodeJS.ProcessEnv, userAgent?: string): Destination | null {
  const tokenId = env.FASTPIX_USERNAME
  const secretKey = env.FASTPIX_PASSWORD
  if (!tokenId && !secretKey) {
    if (env.FASTPIX_API_URL)
      fail('auth/no-account', 'FASTPIX_API_URL is set but FASTPIX_USERNAME and FASTPIX_PASSWORD are not.')
    return null
  }
  if (!tokenId || !secretKey)
    fail('auth/no-account', 'Set both FASTPIX_USERNAME (Access Token ID) and FASTPIX_PASSWORD (Secret Key).')
  registerSecret(secretKey)
  const apiUrl = (env.FASTPIX_API_URL || DEFAULT_API_URL).replace(/\/+$/, '')
  for (const [name, value] of [
    ['FASTPIX_API_URL', apiUrl],
    ['FASTPIX_STREAM_URL', env.FASTPIX_STREAM_URL],
  ] as const)
    if (value && !isHttpUrl(value))
      fail('input/invalid', `${name} is not an http(s) URL (got ${JSON.stringify(value.slice(0, 100))}).`)
  return {
    account: {
      name: ENV_ACCOUNT,
      kind: 'fastpix',
      apiUrl,
      streamUrl: env.FASTPIX_STREAM_URL || DEFAULT_STREAM_URL,
      builtIn: false,
      selected: false,
      tokenIdHint: tokenHint(tokenId),
    },
    provider: createFastPixProvider({
      apiUrl,
      credentials: () => Promise.resolve({ tokenId, secretKey }),
      ...(userAgent ? { userAgent } : {}),
    }),
    close: () => Promise.resolve(),
  }
}

/**
 * The destination of a client command (issue 4 §5, issue 3 §5): `--account NAME` → that stored account
 * (`sandbox` = the built-in one); else FASTPIX_API_URL / FASTPIX_USERNAME / FASTPIX_PASSWORD, or
 * PEERTUBE_URL / PEERTUBE_USERNAME / PEERTUBE_PASSWORD (both trios at once is a usage error); else the
 * built-in local sandbox, started in-process with its data under the Spool home.
 */
export async function resolveDestination(input: ResolveDestinationInput): Promise<Destination> {
  const { accountName, env, home, secrets, db, userAgent } = input
  if (accountName !== undefined) {
    if (accountName === SANDBOX_ACCOUNT) return sandboxDestination(home, db, userAgent)
    const stored = findStoredAccount(db, accountName)
    if (!stored)
      fail('input/invalid', `There is no account named "${accountName}". See \`spool account list\`.`)
    return storedDestination(stored, secrets, db, userAgent, env)
  }
  const fastpix = Boolean(env.FASTPIX_USERNAME || env.FASTPIX_PASSWORD || env.FASTPIX_API_URL)
  const peertube = Boolean(env.PEERTUBE_URL || env.PEERTUBE_USERNAME || env.PEERTUBE_PASSWORD)
  if (fastpix && peertube)
    fail(
      'input/invalid',
      'Both FASTPIX_* and PEERTUBE_* variables are set: unset one trio, or choose with --account NAME.',
    )
  return (
    envDestination(env, userAgent) ??
    (await envPeerTubeDestination(env, secrets, userAgent)) ??
    sandboxDestination(home, db, userAgent)
  )
}
