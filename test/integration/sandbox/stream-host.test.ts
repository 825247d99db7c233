/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON under test */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { placeholderPng } from '../../../sandbox/placeholder-png.ts'
import { bytes, MEDIA, startTestSandbox, type TestSandbox } from './harness.ts'

const video = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width and height from a PNG's IHDR. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

describe('sandbox stream host: thumbnails, an HLS preview, durations', () => {
  let t: TestSandbox
  beforeAll(async () => {
    t = await startTestSandbox({ readyAfterMs: 0 })
  })
  afterAll(() => t.close())

  it('a video gets a frame of itself as its thumbnail, the same bytes every time', async () => {
    const id = await t.uploadReady(video)
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.duration).toBe('00:00:01')
    const first = Buffer.from(await (await fetch(m.thumbnail)).arrayBuffer())
    expect(first.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    // scaled to 320 wide from the 160×90 source: a real frame, not the generated 320×180 still.
    expect(pngSize(first)).toEqual({ width: 320, height: 180 })
    expect(first.equals(placeholderPng(id))).toBe(false)
    const again = Buffer.from(await (await fetch(m.thumbnail)).arrayBuffer())
    expect(again.equals(first)).toBe(true)
  })

  it('bytes that are not video get a stable generated still and no stream', async () => {
    const id = await t.uploadReady(bytes(200_000, 3))
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    const png = Buffer.from(await (await fetch(m.thumbnail)).arrayBuffer())
    expect(png.equals(placeholderPng(id))).toBe(true)
    expect(placeholderPng(id).equals(placeholderPng(`${id}x`))).toBe(false)
    const playlist = await fetch(`${t.sb.streamUrl}/${m.playbackIds[0].id}.m3u8`)
    expect(playlist.status).toBe(404)
    expect(await playlist.text()).toMatch(/no video/)
  })

  it('the playback URL answers an HLS playlist whose segments are served under the playback id', async () => {
    const id = await t.uploadReady(video)
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    const playbackId = m.playbackIds[0].id as string
    const res = await fetch(`${t.sb.streamUrl}/${playbackId}.m3u8`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    const playlist = await res.text()
    expect(playlist).toMatch(/^#EXTM3U/)
    expect(playlist).toContain('#EXT-X-ENDLIST')
    const init = /URI="([^"]+)"/.exec(playlist)?.[1]
    expect(init).toBe(`${playbackId}/hls/init.mp4`)
    const segments = playlist.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    expect(segments.length).toBeGreaterThan(0)
    for (const uri of [init!, ...segments]) {
      const part = await fetch(`${t.sb.streamUrl}/${uri}`)
      expect(part.status, uri).toBe(200)
      expect(part.headers.get('content-type')).toBe('video/mp4')
      expect((await part.arrayBuffer()).byteLength).toBeGreaterThan(0)
    }
    expect((await fetch(`${t.sb.streamUrl}/${playbackId}/hls/..%2Fthumbnail.png`)).status).toBe(404)
    expect((await fetch(`${t.sb.streamUrl}/${playbackId}/hls/index.m3u8`)).status).toBe(404)
  })

  it('deleting a media forgets its stream and thumbnail', async () => {
    const id = await t.uploadReady(video)
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    const playbackId = m.playbackIds[0].id as string
    expect((await fetch(`${t.sb.streamUrl}/${playbackId}.m3u8`)).status).toBe(200)
    expect((await t.api('DELETE', `/on-demand/${id}`)).status).toBe(200)
    expect((await fetch(`${t.sb.streamUrl}/${playbackId}.m3u8`)).status).toBe(404)
    expect((await fetch(m.thumbnail)).status).toBe(404)
  })
})
