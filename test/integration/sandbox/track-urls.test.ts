/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON under test: assertions check them, not types */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA, startTestSandbox, waitFor, type TestSandbox } from './harness.ts'

const video = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
const SRT = '1\n00:00:00,000 --> 00:00:01,000\nBonjour\n'

/** A loopback file server that records every path it is asked for; `/hang` never answers. */
async function startTrackServer() {
  const asked: string[] = []
  const files: Record<string, Buffer | string> = {
    '/audio.m4a': readFileSync(join(MEDIA, 'tiny-audio.m4a')),
    '/subs.vtt': readFileSync(join(MEDIA, 'tiny.vtt')),
    '/subs.srt': SRT,
    '/page.html': '<!doctype html><html><body>not a track</body></html>',
  }
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/'
    asked.push(path)
    if (path === '/hang') return // never answered: the sandbox must give up on its own
    const body = files[path]
    if (body === undefined) return void res.writeHead(404).end('missing')
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    asked,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

type Track = { id: string; type: string; status: string; failureReason?: string }

describe('the sandbox fetches and checks added track URLs (issue 14 §7.1)', () => {
  let t: TestSandbox
  let files: Awaited<ReturnType<typeof startTrackServer>>
  let mediaId = ''
  beforeAll(async () => {
    files = await startTrackServer()
    t = await startTestSandbox({ readyAfterMs: 0, trackFetchTimeoutMs: 500, trackMaxBytes: 64 * 1024 })
    mediaId = await t.uploadReady(video)
  })
  afterAll(async () => {
    await t.close()
    await files.close()
  })

  const add = async (type: 'audio' | 'subtitle', url: string): Promise<string> => {
    const r = await t.api('POST', `/on-demand/${mediaId}/tracks`, {
      tracks: { url, type, languageCode: 'fr', languageName: 'French' },
    })
    expect(r.status).toBe(201)
    expect(r.body.data).not.toHaveProperty('status') // the add response carries no status (captured)
    return r.body.data.id as string
  }
  const track = async (id: string): Promise<Track> =>
    ((await t.api('GET', `/on-demand/${mediaId}`)).body.data.tracks as Track[]).find((x) => x.id === id)!
  const settled = async (id: string): Promise<Track> => {
    await waitFor(async () => (await track(id)).status !== 'preparing', 5_000)
    return track(id)
  }

  it('a good audio file and good VTT/SRT subtitles are fetched, then become available', async () => {
    const audio = await add('audio', files.url('/audio.m4a'))
    const vtt = await add('subtitle', files.url('/subs.vtt'))
    const srt = await add('subtitle', files.url('/subs.srt'))
    for (const id of [audio, vtt, srt]) expect((await settled(id)).status).toBe('available')
    expect(files.asked).toEqual(expect.arrayContaining(['/audio.m4a', '/subs.vtt', '/subs.srt']))
    const list = (await t.api('GET', '/on-demand')).body.data[0].tracks as Track[]
    expect(list.find((x) => x.id === audio)?.status).toBe('Ready')
  })

  it('a refused connection, a 404, a hang or the wrong kind of file makes the track failed', async () => {
    const cases = {
      refused: await add('audio', `http://127.0.0.1:${await deadPort()}/x.m4a`),
      missing: await add('audio', files.url('/nothing.m4a')),
      hang: await add('subtitle', files.url('/hang')),
      html: await add('subtitle', files.url('/page.html')),
      audioAsSubtitle: await add('subtitle', files.url('/audio.m4a')),
      subtitleAsAudio: await add('audio', files.url('/subs.vtt')),
    }
    const reasons: Record<string, string> = {}
    for (const [name, id] of Object.entries(cases)) {
      const settledTrack = await settled(id)
      expect(settledTrack.status, name).toBe('failed')
      reasons[name] = settledTrack.failureReason ?? ''
    }
    expect(reasons.missing).toMatch(/404/)
    expect(reasons.hang).toMatch(/time/i)
    expect(reasons.subtitleAsAudio).toMatch(/audio/i)
    expect(reasons.html).toMatch(/WebVTT|SRT/)
    const list = (await t.api('GET', '/on-demand')).body.data[0].tracks as Track[]
    expect(list.find((x) => x.id === cases.missing)?.status).toBe('Failed')
    const m = (await t.api('GET', `/on-demand/${mediaId}`)).body.data
    expect(m.subtitleAvailable).toBe(true) // only the good subtitles of the first case count
  })

  it('a file over the size limit is not kept', async () => {
    const big = await startTestSandbox({ readyAfterMs: 0, trackMaxBytes: 1024 })
    try {
      const id = await big.uploadReady(video)
      const r = await big.api('POST', `/on-demand/${id}/tracks`, {
        tracks: { url: files.url('/audio.m4a'), type: 'audio', languageCode: 'it', languageName: 'Italian' },
      })
      const trackId = r.body.data.id as string
      const get = async () =>
        ((await big.api('GET', `/on-demand/${id}`)).body.data.tracks as Track[]).find(
          (x) => x.id === trackId,
        )!
      await waitFor(async () => (await get()).status !== 'preparing', 5_000)
      expect(await get()).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/limit/) })
    } finally {
      await big.close()
    }
  })

  it('only loopback URLs are fetched unless allowRemoteUrls is set', async () => {
    const id = await add('audio', 'https://static.fastpix.com/music-1.mp3')
    expect(await settled(id)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/loopback/),
    })
  })
})
