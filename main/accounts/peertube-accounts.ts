import { z } from 'zod'
import type { NewPeerTubeAccount } from '../../common/domain/account.ts'
import { fail } from '../../common/ipc/result.ts'
import { normalizeFingerprint, readPresentedCertificate, type PinnedCertificate } from '../http/tls-pin.ts'
import type { ProxyEnv } from '../http/proxy-env.ts'
import { registerSecret } from '../logging/redact.ts'
import type { Tokens, TokenStore } from '../providers/peertube/oauth.ts'
import { createPeerTubeProvider, type PeerTubeProvider } from '../providers/peertube/peertube-provider.ts'

export { createPeerTubeProvider }
import { normalizeInstanceUrl } from '../providers/peertube/routes.ts'
import type { SecretStore } from './secret-store.ts'

const TokensSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  accessExpiresAt: z.number(),
  refreshExpiresAt: z.number(),
})

/** A PeerTube token pair kept in the OS keychain under `key` (JSON); never in a file, never logged. */
export function keychainTokenStore(secrets: SecretStore, key: string): TokenStore {
  return {
    async load(): Promise<Tokens | null> {
      const raw = await secrets.get(key)
      if (!raw) return null
      let parsed: unknown
      try {
        parsed = JSON.parse(raw)
      } catch {
        return null
      }
      const tokens = TokensSchema.safeParse(parsed)
      if (!tokens.success) return null
      registerSecret(tokens.data.accessToken)
      registerSecret(tokens.data.refreshToken)
      registerSecret(tokens.data.clientSecret)
      return tokens.data
    },
    async save(tokens) {
      registerSecret(tokens.accessToken)
      registerSecret(tokens.refreshToken)
      await secrets.set(key, JSON.stringify(tokens))
    },
    async clear() {
      await secrets.delete(key)
    },
  }
}

/** Validates the "add a PeerTube account" input at the boundary. */
export function parseNewPeerTubeAccount(input: NewPeerTubeAccount): NewPeerTubeAccount {
  const username = input.username.trim()
  if (!/^[a-z0-9._]{1,50}$/i.test(username))
    fail('input/invalid', 'A PeerTube username has 1–50 letters, digits, "." or "_".')
  if (input.password.length === 0) fail('input/invalid', 'The password is empty.')
  const otp = input.otp?.trim()
  if (otp !== undefined && otp !== '' && !/^\d{6}$/.test(otp))
    fail('input/invalid', 'The one-time code has 6 digits.')
  registerSecret(input.password)
  const instanceUrl = normalizeInstanceUrl(input.instanceUrl)
  if (input.trustFingerprint !== undefined && !instanceUrl.startsWith('https:'))
    fail('input/invalid', 'A certificate can only be trusted for an https:// instance.')
  return {
    ...input,
    username,
    instanceUrl,
    ...(otp ? { otp } : {}),
    ...(input.trustFingerprint !== undefined
      ? { trustFingerprint: normalizeFingerprint(input.trustFingerprint) }
      : {}),
  }
}

/**
 * The certificate to pin for a sign-in: the one the instance presents now, if its fingerprint is the one the
 * user confirmed (`--trust-fingerprint`, or the app's confirm step); else the sign-in stops before a
 * password is sent. Without a fingerprint, the account keeps `current` (null: the system's authorities).
 */
export async function certificateToPin(
  input: NewPeerTubeAccount,
  current: PinnedCertificate | null = null,
  env: ProxyEnv = process.env,
): Promise<PinnedCertificate | null> {
  if (input.trustFingerprint === undefined) return current
  const presented = await readPresentedCertificate(new URL(input.instanceUrl), env).catch((caught: unknown) =>
    fail('network/offline', `Could not read the certificate of ${input.instanceUrl}.`, {
      detail: caught instanceof Error ? caught.message : String(caught),
      retryable: true,
    }),
  )
  if (presented.fingerprint !== input.trustFingerprint)
    fail(
      'auth/untrusted-certificate',
      `${input.instanceUrl} presents the certificate ${presented.fingerprint}, not the ${input.trustFingerprint} you confirmed. Nothing was sent.`,
      { detail: presented.fingerprint },
    )
  return { fingerprint: presented.fingerprint, pem: presented.pem }
}

export type SignInOptions = Readonly<{
  userAgent?: string
  /** The certificate the account trusts (certificateToPin), or null. */
  pinnedCertificate?: PinnedCertificate | null
  /** Where the proxy settings come from (process.env by default). */
  env?: ProxyEnv
}>

/**
 * Signs in with the password grant (the password is used for this one request and never stored), checks
 * the account answers, and leaves the tokens in `tokens`. A user with two-factor authentication gets a
 * failure whose reason is 'otp-required' (ask for the code and call again with `otp`); an instance whose
 * certificate cannot be verified, one whose reason is 'certificate-untrusted' with the fingerprint as
 * `detail` (show it, and call again with `trustFingerprint` once the user confirmed it).
 */
export async function signInPeerTube(
  input: NewPeerTubeAccount,
  tokens: TokenStore,
  options: SignInOptions = {},
): Promise<PeerTubeProvider> {
  const provider = createPeerTubeProvider({
    instanceUrl: input.instanceUrl,
    username: input.username,
    tokens,
    pinnedCertificate: options.pinnedCertificate ?? null,
    ...(options.env ? { env: options.env } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  })
  await provider.session.signIn({ password: input.password, ...(input.otp ? { otp: input.otp } : {}) })
  await provider.peertube.me()
  return provider
}
