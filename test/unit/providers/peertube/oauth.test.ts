import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createOAuthSession } from '../../../../main/providers/peertube/oauth.ts'
import { expectFailure, expectValue, makeContext, outcome } from './helpers.ts'
import {
  freshTokens,
  fromCapture,
  loadCaptures,
  memoryStore,
  startReplayServer,
  type ReplayServer,
} from './replay-server.ts'
import { base32Decode, totp } from './totp.ts'

const CAPTURES = loadCaptures()
const cap = (n: string) => {
  const c = CAPTURES.get(n)
  if (!c) throw new Error(n)
  return c
}
const TOKEN_PATH = '/api/v1/users/token'

describe('PeerTube OAuth session', () => {
  let server: ReplayServer
  beforeEach(async () => {
    server = await startReplayServer()
  })
  afterEach(async () => {
    await server.close()
  })

  test('TOTP helper matches the RFC 6238 SHA-1 test vector', () => {
    expect(totp(Buffer.from('12345678901234567890'), 59_000, 8)).toBe('94287082')
    expect(totp(Buffer.from('12345678901234567890'), 1_111_111_109_000, 8)).toBe('07081804')
    expect(base32Decode('GEZDGNBVGY3TQOJQ').toString()).toBe('1234567890')
  })

  test('2FA: missing code → typed otp-required; retry with x-peertube-otp succeeds', async () => {
    const ctx = makeContext(server, { tokens: null })
    server.serve(fromCapture(cap('002')), {
      method: 'POST',
      path: TOKEN_PATH,
      status: 401,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: {
        type: 'https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/missing_two_factor',
        detail: 'Missing two factor header',
        status: 401,
        code: 'missing_two_factor',
        error: 'Missing two factor header',
      },
    })
    const first = await outcome(() => ctx.session.signIn({ password: 'pw-123456' }))
    expectFailure(first, 'auth/invalid-credentials', 'otp-required')
    expect(server.requests[1]?.headers['x-peertube-otp']).toBeUndefined()

    const secret = base32Decode('JBSWY3DPEHPK3PXP')
    const code = totp(secret)
    server.serve(fromCapture(cap('002')), fromCapture(cap('005')))
    expectValue(await outcome(() => ctx.session.signIn({ password: 'pw-123456', otp: code })))
    expect(server.requests[3]?.headers['x-peertube-otp']).toBe(code)
    expect(await ctx.session.hasTokens()).toBe(true)
  })

  test('2FA: a wrong code → otp-invalid, nothing stored', async () => {
    const ctx = makeContext(server, { tokens: null })
    server.serve(fromCapture(cap('002')), {
      method: 'POST',
      path: TOKEN_PATH,
      status: 400,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: { detail: 'Invalid two factor header', status: 400, code: 'invalid_two_factor' },
    })
    expectFailure(
      await outcome(() => ctx.session.signIn({ password: 'pw', otp: '000000' })),
      'auth/invalid-credentials',
      'otp-invalid',
    )
    expect(ctx.store.saved).toHaveLength(0)
  })

  test('403 on oauth-clients/local explains the Host check', async () => {
    const ctx = makeContext(server, { tokens: null })
    server.serve({ method: 'GET', path: '/api/v1/oauth-clients/local', status: 403, body: '' })
    const f = expectFailure(
      await outcome(() => ctx.session.signIn({ password: 'x' })),
      'auth/forbidden',
      'client-forbidden',
    )
    expect(f.appError.message).toMatch(/exact public address/)
  })

  test('single-flight: concurrent 401s share one refresh grant', async () => {
    const ctx = makeContext(server)
    const before = ctx.store.current()?.accessToken
    const me = fromCapture(cap('010'))
    const invalid = fromCapture(cap('090'))
    server.serve(invalid, invalid, invalid, invalid, invalid)
    server.serve({ ...fromCapture(cap('025')), delayMs: 100 })
    server.serve(me, me, me, me, me)
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => ctx.library.me()))
    expect(results.map((r) => r.username)).toEqual(Array(5).fill('uploader8sin'))
    const grants = server.requests.filter((r) => r.url === TOKEN_PATH)
    expect(grants).toHaveLength(1)
    expect(ctx.store.saved).toHaveLength(1)
    const after = ctx.store.current()?.accessToken
    expect(after).not.toBe(before)
    const retried = server.requests.filter((r) => r.url === '/api/v1/users/me').slice(5)
    expect(retried.every((r) => r.headers.authorization === `Bearer ${after ?? ''}`)).toBe(true)
  })

  test('single-flight: concurrent callers with an expiring token share one refresh', async () => {
    const now = Date.now()
    const ctx = makeContext(server, { tokens: freshTokens(now, { accessExpiresAt: now + 60_000 }) })
    server.serve({ ...fromCapture(cap('025')), delayMs: 50 })
    const tokens = await Promise.all([1, 2, 3].map(() => ctx.session.accessToken()))
    expect(new Set(tokens).size).toBe(1)
    expect(server.requests).toHaveLength(1)
  })

  test('a failed refresh is shared too, and asks to sign in again', async () => {
    const now = Date.now()
    const ctx = makeContext(server, { tokens: freshTokens(now, { accessExpiresAt: now - 1 }) })
    server.serve({ ...fromCapture(cap('027')), delayMs: 50 })
    const results = await Promise.all([1, 2].map(() => outcome(() => ctx.session.accessToken())))
    for (const r of results) expectFailure(r, 'auth/invalid-credentials', 'reauth-required')
    expect(server.requests).toHaveLength(1)
    expect(ctx.store.current()).toBeNull()
  })

  test('an expired refresh token asks to sign in again without a request', async () => {
    const now = Date.now()
    const store = memoryStore(freshTokens(now, { accessExpiresAt: now - 2, refreshExpiresAt: now - 1 }))
    const session = createOAuthSession({ instanceUrl: server.url, username: 'u', store })
    expectFailure(await outcome(() => session.accessToken()), 'auth/invalid-credentials', 'reauth-required')
    expect(server.requests).toHaveLength(0)
  })

  test('no stored tokens → reauth-required', async () => {
    const ctx = makeContext(server, { tokens: null })
    expectFailure(await outcome(() => ctx.library.me()), 'auth/invalid-credentials', 'reauth-required')
  })

  test('sign-out clears the store even when the token is already invalid', async () => {
    const ctx = makeContext(server)
    server.serve({ ...fromCapture(cap('106')), path: '/api/v1/users/revoke-token', method: 'POST' })
    expectValue(await outcome(() => ctx.session.signOut()))
    expect(ctx.store.current()).toBeNull()
  })

  test('instance URL must be an origin', () => {
    for (const bad of [
      'ftp://x.org',
      'https://x.org/path',
      'https://u:p@x.org',
      'not a url',
      'https://x.org/?a=1',
    ]) {
      expect(() => createOAuthSession({ instanceUrl: bad, username: 'u', store: memoryStore() })).toThrow()
    }
    expect(
      createOAuthSession({ instanceUrl: 'https://x.org/', username: 'u', store: memoryStore() }).instanceUrl,
    ).toBe('https://x.org')
  })
})
