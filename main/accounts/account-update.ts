import type { AccountUpdate } from '../../common/domain/account.ts'
import { AppFailure, fail } from '../../common/ipc/result.ts'
import type { WritableDb } from '../db/database.ts'
import type { Credentials } from '../http/client.ts'
import { registerSecret } from '../logging/redact.ts'
import { createFastPixProvider } from '../providers/fastpix/fastpix-provider.ts'
import type { Tokens, TokenStore } from '../providers/peertube/oauth.ts'
import { readPinnedCertificate, writePinnedCertificate } from './certificate-pins.ts'
import { saveStoredAccount, tokenHint, type StoredAccount } from './account-repo.ts'
import { secretKeys, type SecretStore } from './secret-store.ts'

const httpUrl = (raw: string, what: string): string => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    fail('input/invalid', `${what} is not a URL: ${JSON.stringify(raw.slice(0, 80))}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('input/invalid', `${what} must be http(s).`)
  return url.toString().replace(/\/+$/, '')
}

/** Checks FastPix credentials with a cheap authenticated call; a wrong pair is a clear failure. */
export async function verifyFastPix(
  apiUrl: string,
  credentials: Credentials,
  userAgent?: string,
): Promise<void> {
  registerSecret(credentials.secretKey)
  const probe = createFastPixProvider({
    apiUrl,
    credentials: () => Promise.resolve(credentials),
    retryLimit: 1,
    ...(userAgent ? { userAgent } : {}),
  })
  try {
    await probe.library.listMedia(1, 1)
  } catch (caught) {
    if (caught instanceof AppFailure && caught.appError.code === 'auth/invalid-credentials')
      fail(
        'auth/invalid-credentials',
        `${apiUrl} answered 401: the Access Token ID or Secret Key is wrong.`,
        {
          status: 401,
        },
      )
    throw caught
  }
}

/** Tokens held in memory until the new sign-in is proven; only then do they replace the keychain's. */
function pendingTokens(): TokenStore & { taken(): Tokens | null } {
  let value: Tokens | null = null
  return {
    taken: () => value,
    load: () => Promise.resolve(value),
    save: (t) => Promise.resolve(void (value = t)),
    clear: () => Promise.resolve(void (value = null)),
  }
}

export type UpdateDeps = Readonly<{
  db: WritableDb
  secrets: SecretStore
  userAgent?: string
  /** Where the proxy settings come from (process.env by default). */
  env?: NodeJS.ProcessEnv
}>

/**
 * Key rotation and account editing (issue 14 §4): the new URL, key or sign-in is verified against the
 * destination first, and only then replaces what the keychain and the database hold. A failed check
 * changes nothing.
 */
export async function updateAccount(
  deps: UpdateDeps,
  account: StoredAccount,
  patch: AccountUpdate,
): Promise<void> {
  const { db, secrets, userAgent } = deps
  if (account.kind === 'fastpix') {
    if ((patch.tokenId === undefined) !== (patch.secretKey === undefined))
      fail('input/invalid', 'Give both the Access Token ID and the Secret Key, or neither.')
    const apiUrl = patch.apiUrl !== undefined ? httpUrl(patch.apiUrl, 'The API URL') : account.apiUrl
    const streamUrl =
      patch.streamUrl !== undefined ? httpUrl(patch.streamUrl, 'The stream URL') : account.streamUrl
    let credentials: Credentials
    if (patch.tokenId !== undefined && patch.secretKey !== undefined) {
      const tokenId = patch.tokenId.trim()
      const secretKey = patch.secretKey.trim()
      if (!tokenId || !secretKey)
        fail('input/invalid', 'The Access Token ID and the Secret Key cannot be empty.')
      credentials = { tokenId, secretKey }
    } else {
      const [tokenId, secretKey] = await Promise.all([
        secrets.get(secretKeys.accountTokenId(account.name)),
        secrets.get(secretKeys.accountSecret(account.name)),
      ])
      if (!tokenId || !secretKey)
        fail(
          'auth/no-account',
          `The keychain has no key for "${account.name}": give a new Access Token ID and Secret Key.`,
        )
      credentials = { tokenId, secretKey }
    }
    await verifyFastPix(apiUrl, credentials, userAgent)
    await secrets.set(secretKeys.accountTokenId(account.name), credentials.tokenId)
    await secrets.set(secretKeys.accountSecret(account.name), credentials.secretKey)
    saveStoredAccount(db, { ...account, apiUrl, streamUrl, tokenIdHint: tokenHint(credentials.tokenId) })
    return
  }
  if (patch.password === undefined)
    fail('input/invalid', 'Signing in to PeerTube again needs the password (it is used once, never kept).')
  const { certificateToPin, keychainTokenStore, parseNewPeerTubeAccount, signInPeerTube } =
    await import('./peertube-accounts.ts')
  const input = parseNewPeerTubeAccount({
    name: account.name,
    instanceUrl: patch.apiUrl ?? account.apiUrl,
    username: patch.username ?? account.username ?? '',
    password: patch.password,
    ...(patch.otp ? { otp: patch.otp } : {}),
    ...(patch.trustFingerprint ? { trustFingerprint: patch.trustFingerprint } : {}),
  })
  // The pin goes with the address: a new instance URL starts with none unless one is confirmed for it.
  const kept = input.instanceUrl === account.apiUrl ? readPinnedCertificate(db, account.name) : null
  const env = deps.env ?? process.env
  const pin = await certificateToPin(input, kept, env)
  const pending = pendingTokens()
  await signInPeerTube(input, pending, { pinnedCertificate: pin, env, ...(userAgent ? { userAgent } : {}) })
  const tokens = pending.taken()
  if (!tokens) fail('internal/unexpected', 'The PeerTube sign-in kept no tokens.')
  await keychainTokenStore(secrets, secretKeys.accountPeerTubeTokens(account.name)).save(tokens)
  saveStoredAccount(db, {
    ...account,
    apiUrl: input.instanceUrl,
    streamUrl: input.instanceUrl,
    username: input.username,
  })
  writePinnedCertificate(db, account.name, pin)
}
