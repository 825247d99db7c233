/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON under test: assertions check them, not types */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes, MEDIA, startTestSandbox, waitFor, type TestSandbox } from './harness.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const video = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))

describe('sandbox JSON API: auth, errors, media lifecycle, pagination', () => {
  let t: TestSandbox
  let origin: Server
  let originUrl: string
  beforeAll(async () => {
    t = await startTestSandbox({ readyAfterMs: 0 })
    // A loopback origin for create-from-URL.
    origin = createServer((req, res) => {
      if (req.url === '/video.mp4') res.end(video)
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r))
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await t.close()
    await new Promise((r) => origin.close(r))
  })

  it('answers 401 with FastPix error body on missing or wrong Basic auth', async () => {
    for (const headers of [{}, { authorization: 'Basic ' + Buffer.from('x:y').toString('base64') }]) {
      const r = await fetch(`${t.sb.apiUrl}/on-demand`, { headers })
      expect(r.status).toBe(401)
      expect(r.headers.get('content-type')).toMatch(/^application\/json/)
      const body = (await r.json()) as {
        success: boolean
        error: { code: number; message: string; description: string }
      }
      expect(body.success).toBe(false)
      expect(body.error.code).toBe(401)
      expect(typeof body.error.message).toBe('string')
    }
    expect((await fetch(`${t.sb.origin}/_sandbox/stats`)).status).toBe(401)
  })

  it('malformed input is 4xx with the error body, never 500', async () => {
    const badJson = await t.api('POST', '/on-demand/upload', '{nope')
    expect(badJson.status).toBe(400)
    expect(badJson.body).toMatchObject({ success: false, error: { code: 400 } })
    const wrongTypes = await t.api('POST', '/on-demand/upload', {
      corsOrigin: 5,
      pushMediaSettings: { accessPolicy: 'x' },
    })
    expect(wrongTypes.status).toBe(422)
    expect(wrongTypes.body.error.message).toBe('payload validation failed')
    expect(wrongTypes.body.error.description).toBeUndefined()
    expect(wrongTypes.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'corsOrigin',
      'pushMediaSettings.accessPolicy',
    ])
    const missing = await t.api('POST', '/on-demand/upload', { corsOrigin: '*' })
    expect(missing.status).toBe(422)
    expect((await t.api('POST', '/on-demand/upload', [1, 2])).status).toBe(422)
    expect((await t.api('GET', '/on-demand/not-a-uuid')).status).toBe(422)
    const unknown = await t.api('GET', '/on-demand/00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toMatchObject({ code: 404 })
    expect((await t.api('GET', '/nowhere')).status).toBe(404)
    expect((await t.api('PATCH', '/on-demand/00000000-0000-4000-8000-000000000000', 'null')).status).toBe(404)
  })

  it('a completed upload becomes media with id == uploadId: Created → Processing → Ready', async () => {
    const slow = await startTestSandbox({ readyAfterMs: 900 })
    try {
      const { uploadId, url } = await slow.createUpload()
      expect((await slow.api('GET', `/on-demand/${uploadId}`)).status).toBe(404)
      const waiting = await slow.api('GET', '/on-demand/uploads')
      expect(waiting.body.data.map((u: { uploadId: string }) => u.uploadId)).toContain(uploadId)
      expect((await slow.put(url, video, `bytes 0-${video.length - 1}/${video.length}`)).status).toBe(200)
      const seen = new Set<string>()
      await waitFor(async () => {
        const r = await slow.api('GET', `/on-demand/${uploadId}`)
        seen.add(r.body.data.status)
        return r.body.data.status === 'Ready'
      })
      expect([...seen]).toEqual(['Created', 'Processing', 'Ready'])
      expect((await slow.api('GET', '/on-demand/uploads')).body.data).toEqual([])
    } finally {
      await slow.close()
    }
  })

  it('GET media has the real shapes: probed tracks, HH:MM:SS, metadata {}, no title/creatorId', async () => {
    const id = await t.uploadReady(video)
    const r = await t.api('GET', `/on-demand/${id}`)
    expect(r.status).toBe(200)
    const m = r.body.data
    expect(m.id).toBe(id)
    expect(m.metadata).toEqual({})
    expect('title' in m).toBe(false)
    expect('creatorId' in m).toBe(false)
    expect('mp4Support' in m).toBe(false)
    expect(m.duration).toBe('00:00:01')
    expect(m.aspectRatio).toBe('16:9')
    expect(m.sourceResolution).toBe('360')
    expect(m.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(m.thumbnail).toBe(`${t.sb.streamUrl}/${m.playbackIds[0].id}/thumbnail.png`)
    expect(m.playbackIds[0]).toMatchObject({
      accessPolicy: 'public',
      accessRestrictions: { domains: { defaultPolicy: 'allow' } },
    })
    const v = m.tracks.find((x: { type: string }) => x.type === 'video')
    expect(v).toMatchObject({
      type: 'video',
      width: 160,
      height: 90,
      frameRate: '24.000',
      status: 'available',
    })
    expect(v.id).toMatch(UUID)
    const a = m.tracks.find((x: { type: string }) => x.type === 'audio')
    expect(a).toMatchObject({ status: 'available', languageCode: 'und', languageName: 'default' })
    expect((await fetch(m.thumbnail)).headers.get('content-type')).toBe('image/png')
    // list says "Ready" for the same tracks
    const list = await t.api('GET', '/on-demand?limit=50')
    const item = list.body.data.find((x: { id: string }) => x.id === id)
    expect(item.tracks.every((x: { status: string }) => x.status === 'Ready')).toBe(true)
  })

  it('unprobeable bytes become Ready media without invented tracks', async () => {
    const id = await t.uploadReady(bytes(300_000, 9))
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.tracks).toEqual([])
    expect('duration' in m).toBe(false)
    expect('sourceResolution' in m).toBe(false)
  })

  it('PATCH replaces metadata wholesale and sets title; source access and mp4Support change GET', async () => {
    const id = await t.uploadReady(video, { metadata: { a: '1', b: '2' } })
    const p = await t.api('PATCH', `/on-demand/${id}`, { metadata: { updated: 'true' }, title: 'T' })
    expect(p.status).toBe(200)
    expect(p.body.data.metadata).toEqual({ updated: 'true' })
    expect(p.body.data.title).toBe('T')
    expect((await t.api('PATCH', `/on-demand/${id}`, { metadata: { x: 5 } })).status).toBe(422)
    const s = await t.api('PATCH', `/on-demand/${id}/source-access`, { sourceAccess: true })
    expect(s.body.data.sourceAccess).toBe(true)
    const mp4 = await t.api('PATCH', `/on-demand/${id}/update-mp4Support`, { mp4Support: 'capped_4k' })
    expect(mp4.status).toBe(200)
    expect(mp4.body.data.mp4Support).toBe('capped_4k')
    expect((await t.api('PATCH', `/on-demand/${id}/update-mp4Support`, { mp4Support: 'huge' })).status).toBe(
      422,
    )
    const g = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(g).toMatchObject({
      metadata: { updated: 'true' },
      title: 'T',
      sourceAccess: true,
      mp4Support: 'capped_4k',
    })
  })

  it('summary: 400 "Summary not enabled" before generation, marked sandbox text after', async () => {
    const id = await t.uploadReady(video)
    const before = await t.api('GET', `/on-demand/${id}/summary`)
    expect(before.status).toBe(400)
    expect(before.body.error).toEqual({
      code: 400,
      message: 'Summary not enabled',
      description: 'Summary is not enabled for the requested media',
    })
    expect(
      (await t.api('PATCH', `/on-demand/${id}/summary`, { generate: true, summaryLength: 10 })).status,
    ).toBe(422)
    const gen = await t.api('PATCH', `/on-demand/${id}/summary`, { generate: true, summaryLength: 100 })
    expect(gen.status).toBe(200)
    expect(gen.body.data).toEqual({ mediaId: id, isSummaryEnabled: true })
    const after = await t.api('GET', `/on-demand/${id}/summary`)
    expect(after.status).toBe(200)
    expect(after.body.data).toMatch(/sandbox/i)
  })

  it('input-info serves the original bytes without auth, with Range', async () => {
    const id = await t.uploadReady(video)
    const info = await t.api('GET', `/on-demand/${id}/input-info`)
    expect(info.body.data.file.containerFormat).toBe('mp4')
    const url = info.body.data.configuration.url as string
    expect(url.startsWith(t.sb.origin)).toBe(true)
    expect(new URL(url).pathname.length).toBeGreaterThan(30)
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(whole.equals(video)).toBe(true)
    const part = await fetch(url, { headers: { range: 'bytes=10-19' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${video.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(10, 20))).toBe(true)
    expect((await fetch(url, { headers: { range: `bytes=${video.length}-` } })).status).toBe(416)
    expect((await fetch(url.replace(/files\/.+$/, 'files/guess'))).status).toBe(404)
  })

  it('DELETE media answers {"success":true} and the media is gone', async () => {
    const id = await t.uploadReady(bytes(1000))
    const d = await t.api('DELETE', `/on-demand/${id}`)
    expect(d.status).toBe(200)
    expect(d.body).toEqual({ success: true })
    expect((await t.api('GET', `/on-demand/${id}`)).status).toBe(404)
  })

  it('create from a loopback URL fetches and probes; other hosts end Failed with a reason', async () => {
    const ok = await t.api('POST', '/on-demand', {
      accessPolicy: 'public',
      inputs: [{ type: 'video', url: `${originUrl}/video.mp4` }],
      metadata: { k: 'v' },
    })
    expect(ok.status).toBe(201)
    expect(ok.body.data).toMatchObject({
      status: 'Created',
      trial: false,
      metadata: { k: 'v' },
      inputs: [{ type: 'video' }],
    })
    await waitFor(
      async () => (await t.api('GET', `/on-demand/${ok.body.data.id}`)).body.data.status === 'Ready',
    )
    const m = (await t.api('GET', `/on-demand/${ok.body.data.id}`)).body.data
    expect(m.tracks.find((x: { type: string }) => x.type === 'video')).toMatchObject({
      width: 160,
      height: 90,
    })
    const remote = await t.api('POST', '/on-demand', {
      accessPolicy: 'public',
      inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }],
    })
    expect(remote.status).toBe(201)
    await waitFor(
      async () => (await t.api('GET', `/on-demand/${remote.body.data.id}`)).body.data.status === 'Failed',
    )
    expect((await t.api('GET', `/on-demand/${remote.body.data.id}`)).body.data.failureReason).toMatch(
      /loopback/,
    )
    const missing = await t.api('POST', '/on-demand', {
      accessPolicy: 'public',
      inputs: [{ type: 'video', url: `${originUrl}/gone.mp4` }],
    })
    await waitFor(
      async () => (await t.api('GET', `/on-demand/${missing.body.data.id}`)).body.data.status === 'Failed',
    )
    expect((await t.api('POST', '/on-demand', { accessPolicy: 'public', inputs: [] })).status).toBe(422)
  })

  it('clips: media-clips lists (empty) for known media; live-clips requires a 32-hex stream id', async () => {
    const id = await t.uploadReady(bytes(10))
    const mc = await t.api('GET', `/on-demand/${id}/media-clips`)
    expect(mc.body).toEqual({
      success: true,
      data: [],
      pagination: { totalRecords: 0, currentOffset: 1, offsetCount: 0 },
    })
    expect((await t.api('GET', '/on-demand/00000000-0000-4000-8000-000000000000/media-clips')).status).toBe(
      404,
    )
    expect((await t.api('GET', '/on-demand/91b8484250e5a1ed03fd4e100b807082/live-clips')).status).toBe(200)
    expect((await t.api('GET', `/on-demand/${id}/live-clips`)).status).toBe(422)
  })

  it('cancel answers the flattened cancel shape; cancelling a completed upload is a 4xx', async () => {
    const { uploadId } = await t.createUpload({ metadata: { s: 'x' } })
    const c = await t.api('PUT', `/on-demand/upload/${uploadId}/cancel`)
    expect(Object.keys(c.body.data).sort()).toEqual(
      [
        'accessPolicy',
        'corsOrigin',
        'maxResolution',
        'metadata',
        'status',
        'trial',
        'uploadId',
        'url',
      ].sort(),
    )
    const done = await t.uploadReady(bytes(10))
    expect((await t.api('PUT', `/on-demand/upload/${done}/cancel`)).status).toBe(400)
    expect((await t.api('PUT', '/on-demand/upload/00000000-0000-4000-8000-000000000000/cancel')).status).toBe(
      404,
    )
  })
})
