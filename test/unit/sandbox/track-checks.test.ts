import { describe, expect, test } from 'vitest'
import { refuseUrl, trackState } from '../../../sandbox/lifecycle.ts'
import type { MediaRecord, TrackRecord } from '../../../sandbox/model.ts'
import { subtitleFormat } from '../../../sandbox/track-fetch.ts'

describe('what the sandbox accepts as a track (issue 14 §7.1)', () => {
  test('WebVTT and SRT heads are recognised; anything else is not', () => {
    expect(subtitleFormat('WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n')).toBe('vtt')
    expect(subtitleFormat('\uFEFFWEBVTT - title\r\n')).toBe('vtt')
    expect(subtitleFormat('1\r\n00:00:00,000 --> 00:00:01,500\r\nHi\r\n')).toBe('srt')
    expect(subtitleFormat('\n12\n0:00:01.000 --> 0:00:02.000\nHi')).toBe('srt')
    expect(subtitleFormat('WEBVTTX\n')).toBeUndefined()
    expect(subtitleFormat('<!doctype html><title>404</title>')).toBeUndefined()
    expect(subtitleFormat('\u0000\u0000\u0000 ftypM4A ')).toBeUndefined()
    expect(subtitleFormat('')).toBeUndefined()
  })

  test('loopback only by default; other hosts with allowRemote; never other schemes', () => {
    expect(refuseUrl('http://127.0.0.1:9/a.vtt')).toBeUndefined()
    expect(refuseUrl('http://localhost/a.vtt')).toBeUndefined()
    expect(refuseUrl('http://[::1]:8/a.vtt')).toBeUndefined()
    expect(refuseUrl('https://cdn.example/a.vtt')).toMatch(/loopback/)
    expect(refuseUrl('https://cdn.example/a.vtt', true)).toBeUndefined()
    expect(refuseUrl('file:///etc/passwd', true)).toMatch(/scheme/)
    expect(refuseUrl('not a url', true)).toMatch(/not a valid URL/)
  })

  test('an added track is preparing while fetched, then available or failed', () => {
    const media = { failure: undefined, storedAtMs: 0, readyAfterMs: 0, probe: { ok: true, hasAudio: true } }
    const track: TrackRecord = { id: 't', type: 'audio', origin: 'added', url: 'http://127.0.0.1/a' }
    const state = (t: TrackRecord) => trackState(media as unknown as MediaRecord, t, 1)
    expect(state({ ...track, pending: true })).toBe('preparing')
    expect(state(track)).toBe('ready')
    expect(state({ ...track, failure: 'HTTP 404' })).toBe('failed')
  })
})
