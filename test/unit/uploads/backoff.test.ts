import { describe, expect, test } from 'vitest'
import { backoffDelay, CHUNK_BACKOFF, parseRetryAfter } from '../../../common/domain/backoff.ts'

describe('backoffDelay', () => {
  const p = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 }
  test('doubles per attempt with equal jitter in [cap/2, cap]', () => {
    expect(backoffDelay(p, 1, 0)).toBe(50)
    expect(backoffDelay(p, 1, 1)).toBe(100)
    expect(backoffDelay(p, 3, 0)).toBe(200)
    expect(backoffDelay(p, 3, 1)).toBe(400)
  })
  test('is capped at maxMs and never zero', () => {
    expect(backoffDelay(p, 50, 1)).toBe(1000)
    expect(backoffDelay(p, 50, 0)).toBe(500)
    expect(backoffDelay(p, 0, 0)).toBe(50)
  })
  test('honours Retry-After when longer, capped by maxRetryAfterMs', () => {
    expect(backoffDelay(p, 1, 0, 2000)).toBe(2000)
    expect(backoffDelay(p, 1, 0, 60_000)).toBe(5000)
    expect(backoffDelay(p, 5, 1, 10)).toBe(1000)
  })
  test('clamps out-of-range random values', () => {
    expect(backoffDelay(CHUNK_BACKOFF, 1, -3)).toBe(250)
    expect(backoffDelay(CHUNK_BACKOFF, 1, 7)).toBe(500)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-20T12:00:00Z')
  test('delta-seconds', () => expect(parseRetryAfter('3', now)).toBe(3000))
  test('HTTP-date', () => expect(parseRetryAfter('Wed, 20 May 2026 12:00:05 GMT', now)).toBe(5000))
  test('a past date is 0', () => expect(parseRetryAfter('Wed, 20 May 2026 11:00:00 GMT', now)).toBe(0))
  test('absent or garbage is null', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})
