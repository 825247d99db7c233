/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON under test */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hotp, totp } from '../../../sandbox/peertube/totp.ts'
import { startPt, type Pt } from './harness.ts'

describe('PeerTube sandbox: OAuth', () => {
  let pt: Pt
  let short: Pt
  beforeAll(async () => {
    pt = await startPt()
    short = await startPt({ accessTokenLifetimeMs: 1500 })
  })
  afterAll(async () => {
    await pt.close()
    await short.close()
  })

  it('hands out the local client and tokens with the captured lifetimes (form-encoded only)', async () => {
    const client = await pt.call('GET', '/api/v1/oauth-clients/local', {
      headers: { host: 'anything.example:1234' },
    })
    expect(client.status).toBe(200)
    expect(client.body.client_id).toMatch(/^[0-9a-f]{32}$/)
    const u = await pt.user()
    const res = await pt.login(u.username, u.password)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86399,
      refresh_token_expires_in: 1209599,
    })
    expect(res.body.access_token).toMatch(/^[0-9a-f]{40}$/)
    const json = await pt.call('POST', '/api/v1/users/token', {
      json: { ...pt.sb.oauthClient, grant_type: 'password', username: u.username, password: u.password },
    })
    expect([json.status, json.body.code]).toEqual([400, 'invalid_request'])
    expect(json.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
  })

  it('refuses a wrong password, a bad client and an unknown refresh token as captured', async () => {
    const u = await pt.user()
    const wrong = await pt.login(u.username, 'not-the-password')
    expect([wrong.status, wrong.body.code, wrong.body.detail]).toEqual([
      400,
      'invalid_grant',
      'Invalid grant: user credentials are invalid',
    ])
    expect(wrong.body.error).toBe(wrong.body.detail)
    const bad = await pt.call('POST', '/api/v1/users/token', {
      form: {
        client_id: 'nope',
        client_secret: 'nope',
        grant_type: 'password',
        username: u.username,
        password: u.password,
      },
    })
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_client'])
    const unknown = await pt.refresh('0'.repeat(40))
    expect([unknown.status, unknown.body.detail]).toEqual([400, 'Invalid grant: refresh token is invalid'])
  })

  it('a refresh grant revokes the previous pair at once', async () => {
    const u = await pt.user()
    const first = (await pt.login(u.username, u.password)).body
    const second = await pt.refresh(first.refresh_token)
    expect(second.status).toBe(200)
    expect(second.body.access_token).not.toBe(first.access_token)
    const old = await pt.call('GET', '/api/v1/users/me', { token: first.access_token })
    expect([old.status, old.body.code, old.body.detail]).toEqual([401, 'invalid_token', 'Token is invalid'])
    expect(old.body.docs).toBeUndefined()
    expect((await pt.refresh(first.refresh_token)).status).toBe(400)
    expect((await pt.call('GET', '/api/v1/users/me', { token: second.body.access_token })).status).toBe(200)
  })

  it('missing token → unauthorized_request; revoke-token → the token stops working', async () => {
    const none = await pt.call('GET', '/api/v1/users/me')
    expect([none.status, none.body.code]).toEqual([401, 'unauthorized_request'])
    const u = await pt.user()
    const revoked = await pt.call('POST', '/api/v1/users/revoke-token', { token: u.token })
    expect([revoked.status, revoked.body]).toEqual([200, { success: true }])
    expect((await pt.call('GET', '/api/v1/users/me', { token: u.token })).body.code).toBe('invalid_token')
  })

  it('access tokens expire after the configured lifetime; the refresh token still works', async () => {
    const u = await short.user()
    const pair = (await short.login(u.username, u.password)).body
    expect(pair.expires_in).toBe(1)
    expect((await short.call('GET', '/api/v1/users/me', { token: pair.access_token })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1600))
    const expired = await short.call('GET', '/api/v1/users/me', { token: pair.access_token })
    expect([expired.status, expired.body.code]).toEqual([401, 'invalid_token'])
    const renewed = await short.refresh(pair.refresh_token)
    expect(renewed.status).toBe(200)
    expect((await short.call('GET', '/api/v1/users/me', { token: renewed.body.access_token })).status).toBe(
      200,
    )
  })

  it('TOTP follows RFC 6238 (SHA-1 test vectors)', () => {
    const secret = Buffer.from('12345678901234567890')
    expect(hotp(secret, 1, 8)).toBe('94287082') // T = 59 s
    expect(hotp(secret, Math.floor(1111111109 / 30), 8)).toBe('07081804')
    expect(hotp(secret, Math.floor(20000000000 / 30), 8)).toBe('65353130')
  })

  it('two-factor: enable through request/confirm, then logins need x-peertube-otp', async () => {
    const u = await pt.user()
    const path = `/api/v1/users/${u.id}/two-factor`
    const wrongPassword = await pt.call('POST', `${path}/request`, {
      token: u.token,
      json: { currentPassword: 'x' },
    })
    expect(wrongPassword.status).toBe(403)
    const req = await pt.call('POST', `${path}/request`, {
      token: u.token,
      json: { currentPassword: u.password },
    })
    expect(req.status).toBe(200)
    const { requestToken, secret, uri } = req.body.otpRequest
    expect(uri).toContain(`secret=${secret}`)
    const badConfirm = await pt.call('POST', `${path}/confirm-request`, {
      token: u.token,
      json: { requestToken, otpToken: '000000' === totp(secret) ? '111111' : '000000' },
    })
    expect(badConfirm.status).toBe(403)
    const confirm = await pt.call('POST', `${path}/confirm-request`, {
      token: u.token,
      json: { requestToken, otpToken: totp(secret) },
    })
    expect(confirm.status).toBe(204)
    expect((await pt.call('GET', '/api/v1/users/me', { token: u.token })).body.twoFactorEnabled).toBe(true)
    const missing = await pt.login(u.username, u.password)
    expect([missing.status, missing.body.code, missing.body.detail]).toEqual([
      401,
      'missing_two_factor',
      'Missing two factor header',
    ])
    const wrong = await pt.login(u.username, u.password, totp(secret, Date.now() + 10 * 60_000))
    expect([wrong.status, wrong.body.code]).toEqual([400, 'invalid_two_factor'])
    const ok = await pt.login(u.username, u.password, totp(secret))
    expect(ok.status).toBe(200)
    // The password is checked first: a wrong one with a valid code is still invalid_grant.
    expect((await pt.login(u.username, 'nope', totp(secret))).body.code).toBe('invalid_grant')
  })
})
