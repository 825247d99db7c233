import got, { HTTPError, type Got } from 'got'
import type { z } from 'zod'
import { createAgents, type Agents } from '../../http/agents.ts'
import { toHttpFailure } from '../../http/errors.ts'
import { registerSecret } from '../../logging/redact.ts'
import { createLogger } from '../../logging/log.ts'
import type { CertificateCheck } from './certificate-trust.ts'
import { failureFromResponse, hasReason, peerTubeFailure, PeerTubeFailure } from './errors.ts'
import { apiUrl, normalizeInstanceUrl } from './routes.ts'
import {
  OAuthClientSchema,
  RevokeResponseSchema,
  TokenResponseSchema,
  type TokenResponse,
} from './schemas.ts'

/** What is persisted for one (instance, username): the OAuth client and the token pair. Never logged. */
export type Tokens = Readonly<{
  clientId: string
  clientSecret: string
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds. */
  accessExpiresAt: number
  refreshExpiresAt: number
}>

/** Where tokens live (the lead wires it to the OS keychain). */
export interface TokenStore {
  load(): Promise<Tokens | null>
  save(tokens: Tokens): Promise<void>
  clear(): Promise<void>
}

export type OAuthSessionOptions = Readonly<{
  instanceUrl: string
  username: string
  store: TokenStore
  /** Explains a certificate failure (certificate-trust.ts); without it, it is a plain network failure. */
  checkCertificate?: CertificateCheck
  /** The account's connection agents (proxy, pinned certificate: http/agents.ts); the environment's proxy by default. */
  agents?: Agents
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshMarginMs?: number
  now?: () => number
  userAgent?: string
}>

export type SignInRequest = Readonly<{
  /** Used for this one grant, never stored. */
  password: string
  /** The 6-digit code, when the previous attempt failed with reason 'otp-required'. */
  otp?: string
  signal?: AbortSignal
}>

/** An OAuth session for one (instance URL, username). */
export type OAuthSession = Readonly<{
  instanceUrl: string
  username: string
  /** Password grant (with `x-peertube-otp` when `otp` is given); saves the pair. */
  signIn(request: SignInRequest): Promise<void>
  /** A valid access token, refreshed first when it is about to expire. */
  accessToken(signal?: AbortSignal): Promise<string>
  /**
   * Called when the server answered 401 `invalid_token` to `rejected`: refreshes unless another caller
   * already did (single-flight) and returns the token to retry with.
   */
  refreshAfterRejection(rejected: string, signal?: AbortSignal): Promise<string>
  /** Revokes the pair on the server (best effort) and clears the store. */
  signOut(signal?: AbortSignal): Promise<void>
  hasTokens(): Promise<boolean>
}>

const log = createLogger('peertube-oauth')

function describeGrantFailure(caught: unknown, grant: 'password' | 'refresh'): unknown {
  if (!(caught instanceof HTTPError)) return toHttpFailure(caught, 'Signing in to PeerTube')
  const failure = failureFromResponse(
    { status: caught.response.statusCode, headers: caught.response.headers, body: caught.response.body },
    'Signing in to PeerTube',
  )
  if (failure.reason === 'otp-required' || failure.reason === 'otp-invalid') return failure
  const detail = failure.appError.detail
  const extra = { status: caught.response.statusCode, ...(detail ? { detail } : {}) }
  if (grant === 'refresh' && caught.response.statusCode === 400)
    return peerTubeFailure(
      'reauth-required',
      'auth/invalid-credentials',
      'The PeerTube session ended (signed out elsewhere, expired or replaced). Sign in again.',
      extra,
    )
  if (caught.response.statusCode === 400 && /invalid_grant/.test(String(caught.response.body)))
    return peerTubeFailure(
      'invalid-credentials',
      'auth/invalid-credentials',
      'PeerTube rejected the username or password.',
      extra,
    )
  if (caught.response.statusCode === 400 && /invalid_client/.test(String(caught.response.body)))
    return peerTubeFailure(
      'reauth-required',
      'auth/invalid-credentials',
      'The PeerTube instance no longer knows this app. Sign in again.',
      extra,
    )
  return failure
}

/** Creates the session; nothing is sent until a method is called. */
export function createOAuthSession(options: OAuthSessionOptions): OAuthSession {
  const instanceUrl = normalizeInstanceUrl(options.instanceUrl)
  const now = options.now ?? Date.now
  const margin = options.refreshMarginMs ?? 5 * 60_000
  const http: Got = got.extend({
    headers: { 'user-agent': options.userAgent ?? 'Spool/0.1 (desktop uploader)' },
    timeout: { lookup: 5_000, connect: 10_000, secureConnect: 10_000, send: 30_000, response: 30_000 },
    agent: options.agents ?? createAgents(),
    retry: { limit: 0 },
    responseType: 'text',
  })

  let cached: Tokens | null | undefined
  let refreshing: Promise<Tokens> | null = null

  async function current(): Promise<Tokens | null> {
    if (cached === undefined) {
      cached = await options.store.load()
      if (cached) remember(cached)
    }
    return cached
  }

  function remember(tokens: Tokens): void {
    registerSecret(tokens.accessToken)
    registerSecret(tokens.refreshToken)
    registerSecret(tokens.clientSecret)
  }

  function parse<T>(body: string, schema: z.ZodType<T>): T {
    let value: unknown
    try {
      value = body ? (JSON.parse(body) as unknown) : null
    } catch {
      value = undefined
    }
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    throw peerTubeFailure(
      'other',
      'api/malformed-response',
      'PeerTube sent a sign-in reply Spool cannot read.',
    )
  }

  async function fetchClient(signal?: AbortSignal): Promise<Readonly<{ id: string; secret: string }>> {
    try {
      const res = await http.get(apiUrl(instanceUrl, ['oauth-clients', 'local']), {
        ...(signal ? { signal } : {}),
      })
      const body = parse(res.body, OAuthClientSchema)
      registerSecret(body.client_secret)
      return { id: body.client_id, secret: body.client_secret }
    } catch (caught) {
      if (caught instanceof HTTPError && caught.response.statusCode === 403)
        throw peerTubeFailure(
          'client-forbidden',
          'auth/forbidden',
          'This PeerTube instance refused to hand out its app credentials. Use the exact public address of the instance (the one in its web address bar): production instances check it.',
          { status: 403 },
        )
      if (caught instanceof HTTPError)
        throw failureFromResponse(
          {
            status: caught.response.statusCode,
            headers: caught.response.headers,
            body: caught.response.body,
          },
          'Reaching PeerTube',
        )
      throw (await options.checkCertificate?.(caught)) ?? toHttpFailure(caught, 'Reaching PeerTube')
    }
  }

  function toTokens(
    client: Readonly<{ id: string; secret: string }>,
    body: TokenResponse,
    at: number,
  ): Tokens {
    return {
      clientId: client.id,
      clientSecret: client.secret,
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      accessExpiresAt: at + body.expires_in * 1000,
      refreshExpiresAt: at + body.refresh_token_expires_in * 1000,
    }
  }

  async function grant(
    form: Record<string, string>,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<TokenResponse> {
    const res = await http.post(apiUrl(instanceUrl, ['users', 'token']), {
      form,
      headers,
      ...(signal ? { signal } : {}),
    })
    return parse(res.body, TokenResponseSchema)
  }

  async function store(tokens: Tokens): Promise<void> {
    remember(tokens)
    cached = tokens
    await options.store.save(tokens)
  }

  async function forget(): Promise<void> {
    cached = null
    await options.store.clear()
  }

  async function doRefresh(signal?: AbortSignal): Promise<Tokens> {
    const tokens = await current()
    if (!tokens || tokens.refreshExpiresAt <= now()) {
      if (tokens) await forget()
      throw peerTubeFailure('reauth-required', 'auth/invalid-credentials', 'Sign in to PeerTube again.')
    }
    const at = now()
    let body: TokenResponse
    try {
      body = await grant(
        {
          client_id: tokens.clientId,
          client_secret: tokens.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: tokens.refreshToken,
        },
        {},
        signal,
      )
    } catch (caught) {
      const failure = (await options.checkCertificate?.(caught)) ?? describeGrantFailure(caught, 'refresh')
      if (hasReason(failure, 'reauth-required')) await forget()
      throw failure
    }
    const next = toTokens({ id: tokens.clientId, secret: tokens.clientSecret }, body, at)
    await store(next)
    log.info('refreshed PeerTube session', { instance: instanceUrl })
    return next
  }

  /** One refresh at a time: a refresh revokes the previous pair, so concurrent callers share it. */
  function refresh(signal?: AbortSignal): Promise<Tokens> {
    if (!refreshing) {
      refreshing = doRefresh(signal).finally(() => {
        refreshing = null
      })
    }
    return refreshing
  }

  return {
    instanceUrl,
    username: options.username,

    async signIn({ password, otp, signal }) {
      const client = await fetchClient(signal)
      const at = now()
      let body: TokenResponse
      try {
        body = await grant(
          {
            client_id: client.id,
            client_secret: client.secret,
            grant_type: 'password',
            username: options.username,
            password,
          },
          otp ? { 'x-peertube-otp': otp } : {},
          signal,
        )
      } catch (caught) {
        throw (await options.checkCertificate?.(caught)) ?? describeGrantFailure(caught, 'password')
      }
      await store(toTokens(client, body, at))
    },

    async accessToken(signal) {
      if (refreshing) return (await refreshing).accessToken
      const tokens = await current()
      if (!tokens)
        throw peerTubeFailure('reauth-required', 'auth/invalid-credentials', 'Sign in to PeerTube first.')
      if (tokens.accessExpiresAt - margin > now()) return tokens.accessToken
      return (await refresh(signal)).accessToken
    },

    async refreshAfterRejection(rejected, signal) {
      if (refreshing) return (await refreshing).accessToken
      const tokens = await current()
      if (tokens && tokens.accessToken !== rejected) return tokens.accessToken
      return (await refresh(signal)).accessToken
    },

    async signOut(signal) {
      const tokens = await current()
      if (tokens) {
        try {
          const res = await http.post(apiUrl(instanceUrl, ['users', 'revoke-token']), {
            headers: { authorization: `Bearer ${tokens.accessToken}` },
            ...(signal ? { signal } : {}),
          })
          parse(res.body, RevokeResponseSchema)
        } catch (caught) {
          // An already invalid token (401) is signed out anyway; other failures are logged, not fatal.
          if (!(caught instanceof HTTPError && caught.response.statusCode === 401))
            log.warn('revoking the PeerTube token failed', {
              error: caught instanceof PeerTubeFailure ? caught.appError.code : 'http',
            })
        }
      }
      await forget()
    },

    async hasTokens() {
      return (await current()) !== null
    },
  }
}
