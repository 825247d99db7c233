/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON under test */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPt, VIDEO, VTT, waitFor, type Pt, type TestUser } from './harness.ts'

describe('PeerTube sandbox: videos and captions', () => {
  let pt: Pt
  let u: TestUser
  beforeAll(async () => {
    pt = await startPt({ transcoding: true, transcodingDelayMs: 800 })
    u = await pt.user()
  })
  afterAll(() => pt.close())
  const get = (id: string | number) => pt.call('GET', `/api/v1/videos/${id}`, { token: u.token })

  it('goes To transcode (2) then Published (1) after the delay; private by default', async () => {
    const v = await pt.upload(u.token, { name: 'Lifecycle' })
    const early = await get(v.id)
    expect(early.body.state).toEqual({ id: 2, label: 'To transcode' })
    expect(early.body.privacy).toEqual({ id: 3, label: 'Private' })
    expect(early.body.files[0]).toMatchObject({
      size: VIDEO.length,
      width: 160,
      height: 90,
      torrentUrl: null,
    })
    expect(early.body.files[0].fileUrl).toContain('/static/web-videos/private/')
    expect(early.body.thumbnailPath).toMatch(/^\/lazy-static\/thumbnails\/.+\.jpg$/)
    await waitFor(async () => (await get(v.uuid)).body.state.id === 1, 5000)
    const late = await get(v.shortUUID)
    expect(late.body.state).toEqual({ id: 1, label: 'Published' })
    await waitFor(async () => (await get(v.id)).body.files[0].torrentUrl !== null, 5000)
    expect((await get(v.id)).body.files[0].torrentUrl).toMatch(/\.torrent$/)
    const anonymous = await pt.call('GET', `/api/v1/videos/${v.uuid}`)
    expect([anonymous.status, anonymous.body.detail]).toEqual([401, 'Not authenticated'])
    const badToken = await pt.call('GET', `/api/v1/videos/${v.uuid}`, { token: 'f'.repeat(40) })
    expect([badToken.status, badToken.body.code]).toEqual([401, 'invalid_token'])
    expect(badToken.body.docs).toMatch(/#operation\/getVideo$/)
  })

  it('publishes at once with transcoding off, and accepts only .mp4/.webm/.ogv', async () => {
    const off = await startPt({ transcoding: false })
    try {
      const o = await off.user()
      const v = await off.upload(o.token)
      const res = await off.call('GET', `/api/v1/videos/${v.id}`, { token: o.token })
      expect(res.body.state.id).toBe(1)
      const config = await off.call('GET', '/api/v1/config')
      expect(config.body.video.file.extensions).toEqual(['.webm', '.ogv', '.mp4'])
    } finally {
      await off.close()
    }
    const config = await pt.call('GET', '/api/v1/config')
    expect(config.body.video.file.extensions).toContain('.mkv')
    expect(config.body.client.videos.resumableUpload.maxChunkSize).toBe(0)
  })

  it('updates by JSON and multipart (204), validates, and lists/pages/searches/sorts /users/me/videos', async () => {
    const v = await pt.upload(u.token, { name: 'To update' })
    const update = await pt.call('PUT', `/api/v1/videos/${v.id}`, {
      token: u.token,
      json: {
        name: 'Updated',
        description: 'A description',
        tags: ['zeta', 'alpha'],
        privacy: 2,
        category: 15,
        licence: 1,
        language: 'en',
      },
    })
    expect([update.status, update.text]).toEqual([204, ''])
    const after = await get(v.uuid)
    expect(after.body).toMatchObject({
      name: 'Updated',
      description: 'A description',
      tags: ['alpha', 'zeta'],
      privacy: { id: 2, label: 'Unlisted' },
      category: { id: 15, label: 'Science & Technology' },
      licence: { id: 1, label: 'Attribution' },
      language: { id: 'en', label: 'English' },
    })
    expect(after.body.files[0].fileUrl).not.toContain('/private/')
    const form = new FormData()
    form.set('name', 'Multipart name')
    form.set('tags[0]', 'one')
    form.set('privacy', '1')
    const multipart = await fetch(`${pt.sb.url}/api/v1/videos/${v.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${u.token}` },
      body: form,
    })
    expect(multipart.status).toBe(204)
    expect((await get(v.id)).body).toMatchObject({
      name: 'Multipart name',
      tags: ['one'],
      privacy: { id: 1 },
    })
    const bad = await pt.call('PUT', `/api/v1/videos/${v.id}`, {
      token: u.token,
      json: { language: 'not-a-language' },
    })
    expect([bad.status, bad.body['invalid-params'].language.location]).toEqual([400, 'body'])
    const other = await pt.user()
    expect(
      (await pt.call('PUT', `/api/v1/videos/${v.id}`, { token: other.token, json: { name: 'Hijack' } }))
        .status,
    ).toBe(403)
    const badId = await pt.call('GET', '/api/v1/videos/upload-resumable?upload_id=x', { token: u.token })
    expect([badId.status, badId.body['invalid-params'].id.msg]).toEqual([
      400,
      'Should have a valid video id (id, short UUID or UUID)',
    ])

    const l = await pt.user()
    for (const name of ['Bravo clip', 'Alpha clip', 'Charlie other']) await pt.upload(l.token, { name })
    const list = (q: string) => pt.call('GET', `/api/v1/users/me/videos?${q}`, { token: l.token })
    const newest = await list('start=0&count=2&sort=-createdAt')
    expect(newest.body.total).toBe(3)
    expect(newest.body.data.map((x: { name: string }) => x.name)).toEqual(['Charlie other', 'Alpha clip'])
    expect(newest.body.data[0].tags).toBeUndefined()
    expect((await list('start=2&count=2&sort=-createdAt')).body.data[0].name).toBe('Bravo clip')
    expect((await list('sort=name')).body.data.map((x: { name: string }) => x.name)).toEqual([
      'Alpha clip',
      'Bravo clip',
      'Charlie other',
    ])
    const search = await list('search=clip')
    expect([search.body.total, search.body.data.length]).toEqual([2, 2])
    expect((await list('sort=bogus')).status).toBe(400)
  })

  it('deletes a video: 204, then 404 twice, quota back to 0', async () => {
    const d = await pt.user()
    const v = await pt.upload(d.token)
    const used = () => pt.call('GET', '/api/v1/users/me/video-quota-used', { token: d.token })
    expect((await used()).body).toEqual({ videoQuotaUsed: VIDEO.length, videoQuotaUsedDaily: VIDEO.length })
    expect((await pt.call('DELETE', `/api/v1/videos/${v.id}`, { token: d.token })).status).toBe(204)
    const gone = await pt.call('GET', `/api/v1/videos/${v.id}`, { token: d.token })
    expect([gone.status, gone.body.detail]).toEqual([404, 'Video not found'])
    expect((await pt.call('DELETE', `/api/v1/videos/${v.id}`, { token: d.token })).body.docs).toMatch(
      /delVideo$/,
    )
    expect((await used()).body).toEqual({ videoQuotaUsed: 0, videoQuotaUsedDaily: 0 })
  })

  it('captions: put (multipart captionfile), replace, list, serve, delete, 404 again, bad language', async () => {
    const v = await pt.upload(u.token)
    const captions = () => pt.call('GET', `/api/v1/videos/${v.id}/captions`, { token: u.token })
    expect((await captions()).body).toEqual({ total: 0, data: [] })
    const put = (lang: string, content: Buffer | string, filename = 'sub.vtt') => {
      const form = new FormData()
      form.set('captionfile', new Blob([content], { type: 'text/vtt' }), filename)
      return fetch(`${pt.sb.url}/api/v1/videos/${v.id}/captions/${lang}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${u.token}` },
        body: form,
      })
    }
    expect((await put('en', VTT)).status).toBe(204)
    expect((await put('en', 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nReplaced\n')).status).toBe(204)
    expect((await put('fr', '1\n00:00:00,000 --> 00:00:01,000\nBonjour\n', 'sub.srt')).status).toBe(204)
    const list = await captions()
    expect(list.body.total).toBe(2)
    expect(list.body.data[0]).toMatchObject({
      language: { id: 'en', label: 'English' },
      automaticallyGenerated: false,
    })
    const served = await fetch(pt.sb.url + list.body.data[0].captionPath)
    expect(await served.text()).toContain('Replaced')
    const fr = await fetch(pt.sb.url + list.body.data[1].captionPath)
    expect(await fr.text()).toMatch(/^WEBVTT[\s\S]*00:00:00\.000 --> 00:00:01\.000/)
    const bad = await put('xx-bad', VTT)
    expect(bad.status).toBe(400)
    expect(Object.keys(((await bad.json()) as { 'invalid-params': object })['invalid-params'])).toEqual([
      'captionLanguage',
    ])
    const single = await pt.call('GET', `/api/v1/videos/${v.id}/captions/en`, { token: u.token })
    expect([single.status, single.text]).toEqual([400, ''])
    expect((await pt.call('DELETE', `/api/v1/videos/${v.id}/captions/en`, { token: u.token })).status).toBe(
      204,
    )
    const again = await pt.call('DELETE', `/api/v1/videos/${v.id}/captions/en`, { token: u.token })
    expect([again.status, again.body.detail]).toEqual([404, 'Video caption not found'])
    expect((await captions()).body.total).toBe(1)
  })
})
