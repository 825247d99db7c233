import { describe, expect, test } from 'vitest'
import {
  contentRangeFor,
  isInitiatedSession,
  isRetryableStatus,
  isSessionGoneStatus,
  parseGoogHash,
  persistedFromRange,
  statusRange,
} from '../../../main/providers/fastpix/gcs-headers.ts'
import { failureForStatus, statusFromResponse } from '../../../main/providers/fastpix/gcs-session.ts'
import { crc32cToBase64 } from '../../../main/providers/hashes.ts'
import { crc32c } from '@node-rs/crc32'

describe('Range / Content-Range', () => {
  test('308 Range bytes=0-N means N+1 persisted', () => {
    expect(persistedFromRange('bytes=0-262143')).toBe(262144)
    expect(persistedFromRange(['bytes=0-0'])).toBe(1)
  })
  test('308 without Range means nothing persisted (not success)', () => {
    expect(persistedFromRange(undefined)).toBe(0)
    expect(persistedFromRange('')).toBe(0)
  })
  test('a Range not starting at 0 or unreadable is a protocol violation', () => {
    expect(persistedFromRange('bytes=5-10')).toBeNull()
    expect(persistedFromRange('items=0-1')).toBeNull()
  })
  test('Content-Range of chunks and of the status query', () => {
    expect(contentRangeFor(0, 262144, 1000000)).toBe('bytes 0-262143/1000000')
    expect(contentRangeFor(999990, 10, 1000000)).toBe('bytes 999990-999999/1000000')
    expect(contentRangeFor(0, 0, 5)).toBe('bytes */5')
    expect(statusRange(42)).toBe('bytes */42')
  })
})

describe('x-goog-hash', () => {
  test('one header with both', () =>
    expect(parseGoogHash('crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ==')).toEqual({
      crc32c: 'n03x6A==',
      md5: 'Ojk9c3dhfxgoKVVHYwFbHQ==',
    }))
  test('repeated headers and odd spacing', () =>
    expect(parseGoogHash(['md5=AAA=', ' crc32c = BBB= '])).toEqual({ crc32c: 'BBB=', md5: 'AAA=' }))
  test('missing / unknown algorithms', () => {
    expect(parseGoogHash(undefined)).toEqual({ crc32c: null, md5: null })
    expect(parseGoogHash('sha1=zzz')).toEqual({ crc32c: null, md5: null })
  })
  test('crc32c base64 is big-endian like GCS', () => {
    // RFC 3720 test vector: 32 bytes of zeros → 0x8A9136AA.
    expect(crc32cToBase64(crc32c(Buffer.alloc(32)))).toBe(
      Buffer.from([0x8a, 0x91, 0x36, 0xaa]).toString('base64'),
    )
  })
})

describe('status classification', () => {
  const res = (status: number, headers: Record<string, string> = {}, body = '') => ({ status, headers, body })
  test('200/201 complete; 308 incomplete', () => {
    expect(statusFromResponse(res(200, { 'x-goog-hash': 'crc32c=AAAAAA==' }), 0)).toEqual({
      complete: true,
      hashes: { crc32c: 'AAAAAA==', md5: null },
    })
    expect(statusFromResponse(res(201), 0).complete).toBe(true)
    expect(statusFromResponse(res(308, { range: 'bytes=0-99' }), 0)).toEqual({
      complete: false,
      persisted: 100,
    })
    expect(statusFromResponse(res(308), 0)).toEqual({ complete: false, persisted: 0 })
  })
  test('404/410 → session expired; 408/429/5xx retryable with Retry-After; other 4xx rejected with the server text', () => {
    expect(failureForStatus(res(410), 0).code).toBe('upload/session-expired')
    expect(failureForStatus(res(404), 0).code).toBe('upload/session-expired')
    const limited = failureForStatus(res(429, { 'retry-after': '7' }), 0)
    expect(limited).toMatchObject({ code: 'api/rate-limited', retryable: true, retryAfterMs: 7000 })
    expect(failureForStatus(res(503), 0)).toMatchObject({ code: 'api/server', retryable: true })
    expect(failureForStatus(res(408), 0)).toMatchObject({ code: 'network/timeout', retryable: true })
    const bad = failureForStatus(
      res(400, {}, 'Invalid request: non-final chunks must be a multiple of 256 KiB'),
      0,
    )
    expect(bad.code).toBe('upload/rejected')
    expect(bad.message).toContain('256 KiB')
    expect(bad.retryable).toBeUndefined()
  })
  test('helpers', () => {
    expect([408, 429, 500, 503, 599].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 410].some(isRetryableStatus)).toBe(false)
    expect(isSessionGoneStatus(410) && isSessionGoneStatus(404) && !isSessionGoneStatus(400)).toBe(true)
    expect(isInitiatedSession('https://storage.googleapis.com/b/o?X-Goog-Signature=1&upload_id=abc')).toBe(
      true,
    )
    expect(isInitiatedSession('https://storage.googleapis.com/b/o?X-Goog-Signature=1')).toBe(false)
  })
})
