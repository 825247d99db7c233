import { describe, expect, it } from 'vitest'
import { parseContentRange } from '../../../sandbox/content-range.ts'

describe('parseContentRange', () => {
  it('parses data ranges, including * for an unknown end or total', () => {
    expect(parseContentRange('bytes 0-262143/1000000')).toEqual({
      kind: 'data',
      start: 0,
      end: 262143,
      total: 1000000,
    })
    expect(parseContentRange('bytes 0-262143/*')).toEqual({
      kind: 'data',
      start: 0,
      end: 262143,
      total: undefined,
    })
    expect(parseContentRange('bytes 5-*/*')).toEqual({
      kind: 'data',
      start: 5,
      end: undefined,
      total: undefined,
    })
    expect(parseContentRange('bytes 5-*/10')).toEqual({ kind: 'data', start: 5, end: undefined, total: 10 })
  })
  it('parses status queries', () => {
    expect(parseContentRange('bytes */1000')).toEqual({ kind: 'query', total: 1000 })
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'query', total: undefined })
  })
  it('reports a missing header and rejects malformed or inconsistent ones', () => {
    expect(parseContentRange(undefined)).toEqual({ kind: 'none' })
    for (const bad of [
      'bytes 9-1/10',
      'bytes 0-10/10',
      'bytes=0-1/2',
      'bytes 0-1',
      'bytes a-b/c',
      'items 0-1/2',
      '',
    ])
      expect(parseContentRange(bad).kind).toBe('invalid')
  })
})
