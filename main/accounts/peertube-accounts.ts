import { z } from 'zod'
import type { NewPeerTubeAccount } from '../../common/domain/account.ts'
import { fail } from '../../common/ipc/result.ts'
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
  return {
    ...input,
    username,
    instanceUrl: normalizeInstanceUrl(input.instanceUrl),
    ...(otp ? { otp } : {}),
  }
}

/**
 * Signs in with the password grant (the password is used for this one request and never stored), checks
 * the account answers, and leaves the tokens in `tokens`. A user with two-factor authentication gets a
 * failure whose reason is 'otp-required' (ask for the code and call again with `otp`).
 */
export async function signInPeerTube(
  input: NewPeerTubeAccount,
  tokens: TokenStore,
  userAgent?: string,
): Promise<PeerTubeProvider> {
  const provider = createPeerTubeProvider({
    instanceUrl: input.instanceUrl,
    username: input.username,
    tokens,
    ...(userAgent ? { userAgent } : {}),
  })
  await provider.session.signIn({ password: input.password, ...(input.otp ? { otp: input.otp } : {}) })
  await provider.peertube.me()
  return provider
}
