import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { PtApp, PtRoute } from './app.ts'
import { PtError, readBody } from './http.ts'
import { checkPassword, type TokenRecord, type UserRecord } from './store.ts'
import { verifyTotp } from './totp.ts'

// OAuth2 as PeerTube runs it: one local client, password and refresh_token grants (form-encoded only),
// 40-hex tokens, a refresh replaces the previous pair at once, 2FA through the x-peertube-otp header.

const token = () => randomBytes(20).toString('hex')

function oauthError(status: number, code: string, detail: string): PtError {
  return new PtError(status, detail, { code })
}

/** Issues a new pair for a user and persists it. */
export function issueTokens(app: PtApp, user: UserRecord): TokenRecord {
  const now = Date.now()
  const pair: TokenRecord = {
    access: token(),
    refresh: token(),
    userId: user.id,
    accessExpiresAtMs: now + app.settings.accessTokenLifetimeMs,
    refreshExpiresAtMs: now + app.settings.refreshTokenLifetimeMs,
  }
  app.store.state.tokens.push(pair)
  user.lastLoginMs = now
  app.store.save()
  return pair
}

function tokenResponse(app: PtApp, pair: TokenRecord) {
  // PeerTube reports the remaining whole seconds, one less than the lifetime (86399 for a day).
  const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000) - 1)
  return {
    status: 200,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    body: {
      token_type: 'Bearer',
      access_token: pair.access,
      refresh_token: pair.refresh,
      expires_in: seconds(app.settings.accessTokenLifetimeMs),
      refresh_token_expires_in: seconds(app.settings.refreshTokenLifetimeMs),
    },
  }
}

async function grant(app: PtApp, req: IncomingMessage) {
  if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    await readBody(req).catch(() => undefined)
    throw oauthError(
      400,
      'invalid_request',
      'Invalid request: content must be application/x-www-form-urlencoded',
    )
  }
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'))
  const grantType = form.get('grant_type')
  if (!grantType) throw oauthError(400, 'invalid_request', 'Invalid request: missing parameter: `grant_type`')
  const { client } = app.store.state
  if (form.get('client_id') !== client.id || form.get('client_secret') !== client.secret)
    throw oauthError(400, 'invalid_client', 'Invalid client: client is invalid')
  if (grantType === 'password') {
    const user = app.store.userByName(form.get('username') ?? '')
    if (!user || !checkPassword(form.get('password') ?? '', user.passwordHash))
      throw oauthError(400, 'invalid_grant', 'Invalid grant: user credentials are invalid')
    if (user.otpSecret) {
      const otp = req.headers['x-peertube-otp']
      if (typeof otp !== 'string' || otp === '')
        throw oauthError(401, 'missing_two_factor', 'Missing two factor header')
      if (!verifyTotp(user.otpSecret, otp.trim()))
        throw oauthError(400, 'invalid_two_factor', 'Invalid two factor header')
    }
    return tokenResponse(app, issueTokens(app, user))
  }
  if (grantType === 'refresh_token') {
    const now = Date.now()
    const old = app.store.state.tokens.find((t) => t.refresh === form.get('refresh_token'))
    const user = old && app.store.user(old.userId)
    if (!old || !user || old.refreshExpiresAtMs <= now)
      throw oauthError(400, 'invalid_grant', 'Invalid grant: refresh token is invalid')
    app.store.state.tokens = app.store.state.tokens.filter((t) => t !== old)
    return tokenResponse(app, issueTokens(app, user))
  }
  throw oauthError(400, 'unsupported_grant_type', 'Unsupported grant type: `grant_type` is invalid')
}

/**
 * Resolves the bearer token of a request. No header: undefined (the caller decides between anonymous and
 * 401 `unauthorized_request`); an unknown, revoked or expired token: 401 `invalid_token`.
 */
export function resolveBearer(
  app: PtApp,
  req: IncomingMessage,
): { user: UserRecord; token: string } | undefined {
  const header = req.headers.authorization
  if (!header) return undefined
  const value = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
  const pair = value ? app.store.state.tokens.find((t) => t.access === value) : undefined
  const user = pair && app.store.user(pair.userId)
  if (!pair || !user || pair.accessExpiresAtMs <= Date.now())
    throw new PtError(401, 'Token is invalid', { code: 'invalid_token' })
  return { user, token: pair.access }
}

/** The 401 of a required-auth route called without a token. */
export const NO_TOKEN = new PtError(401, 'Token is invalid', { code: 'unauthorized_request', noDocs: true })

/** Drops expired pairs (called by the sweeper). */
export function pruneTokens(app: PtApp): void {
  const now = Date.now()
  const before = app.store.state.tokens.length
  app.store.state.tokens = app.store.state.tokens.filter((t) => t.refreshExpiresAtMs > now)
  if (app.store.state.tokens.length !== before) app.store.save()
}

export const oauthRoutes: PtRoute[] = [
  {
    method: 'GET',
    path: '/oauth-clients/local',
    auth: 'none',
    docs: 'getOAuthClient',
    handler: ({ app }) => ({
      status: 200,
      body: { client_id: app.store.state.client.id, client_secret: app.store.state.client.secret },
    }),
  },
  {
    method: 'POST',
    path: '/users/token',
    auth: 'none',
    login: true,
    docs: 'getOAuthToken',
    handler: ({ app, req }) => grant(app, req),
  },
  {
    method: 'POST',
    path: '/users/revoke-token',
    auth: 'required',
    docs: 'revokeOAuthToken',
    handler: ({ app, token: access }) => {
      app.store.state.tokens = app.store.state.tokens.filter((t) => t.access !== access)
      app.store.save()
      return { status: 200, body: { success: true } }
    },
  },
]
