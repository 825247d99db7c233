/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON under test: assertions check them, not types */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA, serveFixtures, startTestSandbox, waitFor, type TestSandbox } from './harness.ts'

const video = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
const audio = readFileSync(join(MEDIA, 'tiny-audio.m4a'))
type Track = { id: string; type: string; status: string; languageCode?: string }

describe('sandbox tracks, subtitles and edits on unready media', () => {
  let t: TestSandbox
  let files: Awaited<ReturnType<typeof serveFixtures>>
  beforeAll(async () => {
    t = await startTestSandbox({ readyAfterMs: 300 })
    files = await serveFixtures()
  })
  afterAll(async () => {
    await t.close()
    await files.close()
  })

  it('add, update and delete a track by URL change what GET returns', async () => {
    const id = await t.uploadReady(video)
    const music = files.url('tiny-audio.m4a')
    const add = await t.api('POST', `/on-demand/${id}/tracks`, {
      tracks: { url: music, type: 'audio', languageCode: 'it', languageName: 'Italian' },
    })
    expect(add.status).toBe(201)
    expect(add.body.data).toEqual({
      id: add.body.data.id,
      type: 'audio',
      url: music,
      languageCode: 'it',
      languageName: 'Italian',
    })
    const trackId = add.body.data.id as string
    const added = async () =>
      ((await t.api('GET', `/on-demand/${id}`)).body.data.tracks as Track[]).find((x) => x.id === trackId)!
    // fetched and probed first (preparing), then available
    await waitFor(async () => (await added()).status !== 'preparing')
    let m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.tracks.find((x: Track) => x.id === trackId)).toEqual({
      id: trackId,
      type: 'audio',
      status: 'available',
      languageCode: 'it',
      languageName: 'Italian',
    })
    const upd = await t.api('PATCH', `/on-demand/${id}/tracks/${trackId}`, {
      languageCode: 'en',
      languageName: 'English',
      url: 'https://x.example/other.mp3',
    })
    expect(upd.status).toBe(200)
    expect(upd.body.data).toMatchObject({
      id: trackId,
      url: music,
      languageCode: 'en',
    })
    m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.tracks.find((x: Track) => x.id === trackId).languageCode).toBe('en')
    expect((await t.api('PATCH', `/on-demand/${id}/tracks/${trackId}`, { languageCode: 'en' })).status).toBe(
      422,
    )
    const videoTrack = m.tracks.find((x: Track) => x.type === 'video') as Track
    expect(
      (
        await t.api('PATCH', `/on-demand/${id}/tracks/${videoTrack.id}`, {
          languageCode: 'en',
          languageName: 'E',
        })
      ).status,
    ).toBe(400)
    const del = await t.api('DELETE', `/on-demand/${id}/tracks/${trackId}`)
    expect(del.body).toEqual({ success: true })
    m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.tracks.some((x: Track) => x.id === trackId)).toBe(false)
    expect((await t.api('DELETE', `/on-demand/${id}/tracks/${trackId}`)).status).toBe(404)
    const bad = await t.api('POST', `/on-demand/${id}/tracks`, {
      tracks: { url: 'not a url', type: 'video', languageCode: 'it', languageName: 'I' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'tracks.type',
      'tracks.url',
    ])
  })

  it('generate-subtitles answers 200, then a preparing track becomes available with a sandbox VTT', async () => {
    const id = await t.uploadReady(video)
    const m0 = (await t.api('GET', `/on-demand/${id}`)).body.data
    const source = m0.tracks.find((x: Track) => x.type === 'audio') as Track
    expect(
      (
        await t.api('POST', `/on-demand/${id}/tracks/${source.id}/generate-subtitles`, {
          languageCode: 'it',
          languageName: 'Italian',
        })
      ).status,
    ).toBe(422)
    const gen = await t.api('POST', `/on-demand/${id}/tracks/${source.id}/generate-subtitles`, {
      languageCode: 'en-US',
      languageName: 'English',
    })
    expect(gen.status).toBe(200)
    expect(gen.body.data).toEqual({
      id: gen.body.data.id,
      type: 'subtitle',
      languageCode: 'en-US',
      languageName: 'English',
    })
    let m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.tracks.find((x: Track) => x.id === gen.body.data.id).status).toBe('preparing')
    expect(m.generatedSubtitles).toEqual([{ status: 'preparing' }])
    await waitFor(
      async () =>
        (await t.api('GET', `/on-demand/${id}`)).body.data.generatedSubtitles[0].status === 'available',
    )
    m = (await t.api('GET', `/on-demand/${id}`)).body.data
    const url = m.generatedSubtitles[0].url as string
    expect(url).toBe(`${t.sb.streamUrl}/${m.playbackIds[0].id}/text/${gen.body.data.id}.vtt`)
    const vtt = await (await fetch(url)).text()
    expect(vtt.startsWith('WEBVTT')).toBe(true)
    expect(vtt).toMatch(/sandbox output/i)
    expect(m.subtitleAvailable).toBe(true)
  })

  it('audio-only media: isAudioOnly, no video track, no invented dimensions', async () => {
    const id = await t.uploadReady(audio)
    const m = (await t.api('GET', `/on-demand/${id}`)).body.data
    expect(m.isAudioOnly).toBe(true)
    expect(m.tracks.map((x: Track) => x.type)).toEqual(['audio'])
    expect('aspectRatio' in m).toBe(false)
    expect(m.duration).toBe('00:00:01')
  })

  it('edits that need processing answer 400 "not ready for updates" before Ready', async () => {
    const { uploadId, url } = await t.createUpload()
    await t.put(url, video, `bytes 0-${video.length - 1}/${video.length}`)
    const r = await t.api('PATCH', `/on-demand/${uploadId}/summary`, { generate: true })
    expect(r.status).toBe(400)
    expect(r.body.error.message).toMatch(/not ready/)
    // metadata edits are allowed at any time
    expect((await t.api('PATCH', `/on-demand/${uploadId}`, { title: 'early' })).status).toBe(200)
  })
})
