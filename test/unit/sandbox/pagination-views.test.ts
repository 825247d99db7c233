import { describe, expect, it } from 'vitest'
import { paginate, parsePageQuery } from '../../../sandbox/pagination.ts'
import { interpretProbe } from '../../../sandbox/probe.ts'
import { hhmmss } from '../../../sandbox/views.ts'
import { shapeDiff } from '../../integration/sandbox/shape.ts'

describe('pagination', () => {
  it('defaults to limit 10, offset 1, desc', () => {
    expect(parsePageQuery({})).toEqual({ limit: 10, offset: 1, orderBy: 'desc' })
  })
  it('rejects limit over 50 and non-integers with 422 fields', () => {
    expect(() => parsePageQuery({ limit: '51' })).toThrow(expect.objectContaining({ status: 422 }))
    expect(() => parsePageQuery({ offset: '1.5' })).toThrow(expect.objectContaining({ status: 422 }))
  })
  it('treats offset as a 1-based page number and offsetCount as the page count', () => {
    const items = [1, 2, 3, 4, 5]
    const page = paginate(items, (n) => n, { limit: 2, offset: 3, orderBy: 'asc' })
    expect(page).toEqual({ data: [5], pagination: { totalRecords: 5, currentOffset: 3, offsetCount: 3 } })
    expect(paginate(items, (n) => n, { limit: 2, offset: 1, orderBy: 'desc' }).data).toEqual([5, 4])
  })
})

describe('views and probing', () => {
  it('formats durations as HH:MM:SS, truncating', () => {
    expect(hhmmss(183.9)).toBe('00:03:03')
    expect(hhmmss(3600 * 12 + 61)).toBe('12:01:01')
    expect(hhmmss(-1)).toBe('00:00:00')
  })
  it('keeps only what ffprobe read and refuses guessing demuxers', () => {
    expect(
      interpretProbe({
        streams: [
          { codec_type: 'video', width: 1920, height: 1080, avg_frame_rate: '60/1' },
          { codec_type: 'audio' },
        ],
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.0', probe_score: 100 },
      }),
    ).toEqual({
      ok: true,
      containerFormat: 'mp4',
      durationSeconds: 10,
      video: { width: 1920, height: 1080, frameRate: '60.000' },
      hasAudio: true,
    })
    expect(
      interpretProbe({
        streams: [{ codec_type: 'video', width: 80, height: 25 }],
        format: { format_name: 'tty' },
      }).ok,
    ).toBe(false)
    expect(interpretProbe({ streams: [], format: { format_name: 'mp3' } }).ok).toBe(false)
  })
})

describe('shapeDiff (the captured-shape comparison can fail)', () => {
  it('reports missing keys, extra keys, type changes and unmatched array variants', () => {
    expect(shapeDiff({ a: 1, b: [{ t: 'x' }] }, { a: 2, b: [{ t: 'y' }] })).toEqual([])
    expect(shapeDiff({ a: 1 }, { a: '1' })).toEqual(['$.a: captured number, sandbox string'])
    expect(shapeDiff({ a: 1 }, {})).toEqual(['$.a: missing in sandbox'])
    expect(shapeDiff({}, { a: null })).toEqual(['$.a: not in the capture'])
    expect(shapeDiff({ b: [{ url: 'u', status: 's' }] }, { b: [{ status: 's' }] })).toEqual([
      '$.b[0].url: missing in sandbox',
    ])
    expect(shapeDiff({ b: [1] }, { b: [] })).toEqual(['$.b[0]: sandbox array is empty'])
  })
})
