import { describe, expect, test } from 'vitest'
import { describeAge, LIBRARY_MAX_AGE_MS, needsRefresh } from '../../../common/domain/freshness.ts'

const now = Date.parse('2026-11-30T12:00:00.000Z')
const ago = (ms: number): string => new Date(now - ms).toISOString()

describe('library freshness (issue 14 §3)', () => {
  test('a cache is refreshed when never filled, too old, or older than the last finished upload', () => {
    expect(needsRefresh(null, null, now)).toBe(true)
    expect(needsRefresh(ago(60_000), null, now)).toBe(false)
    expect(needsRefresh(ago(LIBRARY_MAX_AGE_MS + 1), null, now)).toBe(true)
    expect(needsRefresh(ago(60_000), ago(30_000), now)).toBe(true)
    expect(needsRefresh(ago(60_000), ago(90_000), now)).toBe(false)
    expect(needsRefresh('garbage', null, now)).toBe(true)
  })

  test('its age is said the way a person reads it', () => {
    expect(describeAge(null, now)).toBe('never refreshed')
    expect(describeAge(ago(5_000), now)).toBe('just now')
    expect(describeAge(ago(4 * 60_000 + 10_000), now)).toBe('4 min ago')
    expect(describeAge(ago(3 * 3_600_000), now)).toBe('3 h ago')
    expect(describeAge('2026-11-01T08:00:00.000Z', now)).toBe('on 2026-11-01')
  })
})
