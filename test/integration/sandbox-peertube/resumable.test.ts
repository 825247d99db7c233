/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON under test */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uploadIdOf, fnv64 } from '../../../sandbox/peertube/uploads-common.ts'
import { bytes, startPt, VIDEO, type Pt, type TestUser } from './harness.ts'

const N = VIDEO.length

describe('PeerTube sandbox: resumable upload', () => {
  let pt: Pt
  let u: TestUser
  beforeAll(async () => {
    pt = await startPt({ finalizeDelayMs: 400, uploadIdleTimeoutMs: 60_000 })
    u = await pt.user()
  })
  afterAll(() => pt.close())
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    channelId: u.channelId,
    filename: 'sample.mp4',
    lastModified: 1796028706436,
    ...extra,
  })

  it('derives upload_id like uploadx (FNV-1a 64 of user, name, size, lastModified), as captured', () => {
    expect(uploadIdOf(5, 'Captured sample upload', 5271832, '1796028706436')).toBe(
      'af63a84c86019430-f4b3eb8b69914c74-ca6c778bb32eb60b-c48c670d1be6b5d8',
    )
    expect(fnv64('1796028707436')).toBe('f69730428b76b5d') // unpadded, as in capture 023
  })

  it('init → probe → chunks → final 200, re-init resumes, bytes are stored identically', async () => {
    const first = await pt.init(u.token, meta('Full protocol'), N)
    expect(first.status).toBe(201)
    expect(first.headers.get('location')).toBe(
      `//${new URL(pt.sb.url).host}/api/v1/videos/upload-resumable?upload_id=${first.id}`,
    )
    expect(first.id.startsWith(`${fnv64(String(u.id))}-`)).toBe(true)
    const probe0 = await pt.chunk(u.token, first.id, `bytes */${N}`)
    expect([probe0.status, probe0.headers.get('range'), probe0.text]).toEqual([308, 'bytes=0--1', ''])
    const c1 = await pt.chunk(u.token, first.id, `bytes 0-2999/${N}`, VIDEO.subarray(0, 3000))
    expect([c1.status, c1.headers.get('range')]).toEqual([308, 'bytes=0-2999'])
    const again = await pt.init(u.token, meta('Full protocol'), N)
    expect([again.status, again.id, again.headers.get('range')]).toEqual([200, first.id, 'bytes=0-2999'])
    const other = await pt.init(u.token, meta('Full protocol', { lastModified: 1796028707436 }), N)
    expect(other.status).toBe(201)
    expect(other.id.split('-').slice(0, 3)).toEqual(first.id.split('-').slice(0, 3))
    expect(other.id).not.toBe(first.id)
    const c2 = await pt.chunk(u.token, first.id, `bytes 3000-5999/${N}`, VIDEO.subarray(3000, 6000))
    expect(c2.headers.get('range')).toBe('bytes=0-5999')
    const done = await pt.chunk(u.token, first.id, `bytes 6000-${N - 1}/${N}`, VIDEO.subarray(6000))
    expect(done.status).toBe(200)
    expect(Object.keys(done.body.video).sort()).toEqual(['id', 'shortUUID', 'uuid'])
    const original = await fetch(`${pt.sb.url}/_sandbox/videos/${done.body.video.uuid}/original`, {
      headers: { authorization: 'Basic ' + Buffer.from(`root:${pt.sb.password}`).toString('base64') },
    })
    expect(Buffer.from(await original.arrayBuffer()).equals(VIDEO)).toBe(true)
    const video = await pt.call('GET', `/api/v1/videos/${done.body.video.shortUUID}`, { token: u.token })
    const download = await fetch(video.body.files[0].fileDownloadUrl)
    expect(Buffer.from(await download.arrayBuffer()).equals(VIDEO)).toBe(true)
    // The consumed id is gone: PUT/probe 404, DELETE 204, a new init starts afresh (201, same id).
    const retry = await pt.chunk(u.token, first.id, `bytes 6000-${N - 1}/${N}`, VIDEO.subarray(6000))
    expect([retry.status, retry.body]).toEqual([
      404,
      { error: { code: 'FileNotFound', message: 'Not found' } },
    ])
    expect(retry.headers.get('content-type')).toBe('application/json')
    expect((await pt.chunk(u.token, first.id, `bytes */${N}`)).status).toBe(404)
    expect(
      (await pt.call('DELETE', `/api/v1/videos/upload-resumable?upload_id=${first.id}`, { token: u.token }))
        .status,
    ).toBe(204)
    const reinit = await pt.init(u.token, meta('Full protocol'), N)
    expect([reinit.status, reinit.id]).toEqual([201, first.id])
    expect(
      (await pt.call('DELETE', `/api/v1/videos/upload-resumable?upload_id=${first.id}`, { token: u.token }))
        .status,
    ).toBe(204)
  })

  it('writes at the given offset (no 416), 409 beyond the declared size, no Content-Range = offset 0', async () => {
    const size = 20_000
    const { id } = await pt.init(u.token, meta('Offsets'), size)
    const gap = await pt.chunk(u.token, id, `bytes 5000-9999/${size}`, bytes(5000))
    expect([gap.status, gap.headers.get('range')]).toEqual([308, 'bytes=0-9999'])
    const beyond = await pt.chunk(u.token, id, `bytes 19000-20999/21000`, bytes(2000))
    expect([beyond.status, beyond.body.error.code]).toEqual([409, 'FileConflict'])
    const bare = await pt.chunk(u.token, id, undefined, bytes(1024))
    expect([bare.status, bare.headers.get('range')]).toEqual([308, 'bytes=0-1023'])
    expect((await pt.chunk(u.token, id, `bytes */${size}`)).headers.get('range')).toBe('bytes=0-9999')
    const cancel = await pt.call('DELETE', `/api/v1/videos/upload-resumable?upload_id=${id}`, {
      token: u.token,
    })
    expect([cancel.status, cancel.text]).toEqual([204, ''])
    expect((await pt.chunk(u.token, id, `bytes */${size}`)).status).toBe(404)
  })

  it('cancel: 403 for a foreign or missing id, 204 for an unknown id with the own prefix', async () => {
    const del = (q: string) => pt.call('DELETE', `/api/v1/videos/upload-resumable${q}`, { token: u.token })
    const foreign = await del('?upload_id=0123456789abcdef-unknown')
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'Forbidden'])
    expect((await del('')).status).toBe(403)
    const own = `${fnv64(String(u.id))}-0000000000000000-0000000000000000-0000000000000000`
    expect((await del(`?upload_id=${own}`)).status).toBe(204)
    expect((await pt.chunk(u.token, own, `bytes 0-1023/5000`, bytes(1024))).status).toBe(404)
    expect(
      (await pt.chunk(u.token, '0123456789abcdef-unknown', `bytes 0-1023/5000`, bytes(1024))).status,
    ).toBe(403)
    const other = await pt.user()
    const theirs = await pt.init(
      other.token,
      { name: 'Theirs', channelId: other.channelId, filename: 'a.mp4' },
      100,
    )
    expect(
      (await pt.call('DELETE', `/api/v1/videos/upload-resumable?upload_id=${theirs.id}`, { token: u.token }))
        .status,
    ).toBe(403)
  })

  it('423 while another PUT streams, 503 + Retry-After 300 while the final step runs', async () => {
    const { id } = await pt.init(u.token, meta('Concurrency'), N)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(VIDEO.subarray(0, 1000))
        await gate
        controller.enqueue(VIDEO.subarray(1000, 4000))
        controller.close()
      },
    })
    const slow = pt.chunk(u.token, id, `bytes 0-3999/${N}`, body as unknown as Uint8Array)
    await new Promise((r) => setTimeout(r, 200))
    const probe = await pt.chunk(u.token, id, `bytes */${N}`)
    expect([probe.status, probe.body.error.code]).toEqual([423, 'FileLocked'])
    expect((await pt.chunk(u.token, id, `bytes 4000-5999/${N}`, VIDEO.subarray(4000, 6000))).status).toBe(423)
    release()
    expect((await slow).headers.get('range')).toBe('bytes=0-3999')
    const final = pt.chunk(u.token, id, `bytes 4000-${N - 1}/${N}`, VIDEO.subarray(4000))
    await new Promise((r) => setTimeout(r, 150))
    const busy = await pt.chunk(u.token, id, `bytes */${N}`)
    expect([busy.status, busy.headers.get('retry-after'), busy.body.detail]).toEqual([
      503,
      '300',
      'The upload is already being processed',
    ])
    expect((await final).status).toBe(200)
  })

  it('422 for unreadable bytes (upload removed, re-init gives the same id), 415 for refused types', async () => {
    const junk = bytes(300 * 1024, 9)
    const first = await pt.init(u.token, meta('Random bytes'), junk.length)
    const bad = await pt.chunk(u.token, first.id, `bytes 0-${junk.length - 1}/${junk.length}`, junk)
    expect([bad.status, bad.body.detail, bad.body.docs]).toEqual([
      422,
      'Video file unreadable.',
      'https://docs.joinpeertube.org/api-rest-reference.html#operation/uploadResumable',
    ])
    expect((await pt.chunk(u.token, first.id, `bytes */${junk.length}`)).status).toBe(404)
    expect((await pt.init(u.token, meta('Random bytes'), junk.length)).id).toBe(first.id)
    const mkv = await pt.init(u.token, meta('MKV file', { filename: 'a.mkv' }), 1000, 'video/x-matroska')
    expect([mkv.status, mkv.body.detail]).toEqual([
      415,
      'This file is not supported. Please, make sure it is of the following type: .webm, .ogv, .mp4',
    ])
  })

  it('validates init like PeerTube: headers, name/tags, channel, auth', async () => {
    const noLength = await pt.call('POST', '/api/v1/videos/upload-resumable', {
      token: u.token,
      json: meta('No length'),
      headers: { 'x-upload-content-type': 'video/mp4' },
    })
    expect(Object.keys(noLength.body['invalid-params'])).toEqual(['x-upload-content-length'])
    const short = await pt.init(u.token, meta('ab', { tags: ['x'] }), 10)
    expect(Object.keys(short.body['invalid-params'])).toEqual(['tags', 'name'])
    expect(short.body.instance).toBe('/api/v1/videos/upload-resumable')
    const channel = await pt.init(u.token, meta('Unknown channel', { channelId: 999999 }), 10)
    expect([channel.status, channel.body.detail]).toEqual([
      400,
      'Unknown video "video channel" for this instance.',
    ])
    const anonymous = await pt.init('', meta('No auth'), 10)
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthorized_request'])
  })

  it('413 quota_reached against the total and the daily quota', async () => {
    const q = await pt.user({ videoQuota: N + 100 })
    await pt.upload(q.token)
    const over = await pt.init(q.token, { name: 'Over quota', channelId: q.channelId, filename: 'a.mp4' }, N)
    expect([over.status, over.body.code, over.body.detail]).toEqual([
      413,
      'quota_reached',
      'The user video quota is exceeded with this video.',
    ])
    const root = await pt.rootToken()
    expect(
      (
        await pt.call('PUT', `/api/v1/users/${q.id}`, {
          token: root,
          json: { videoQuota: -1, videoQuotaDaily: N },
        })
      ).status,
    ).toBe(204)
    const daily = await pt.init(q.token, { name: 'Over daily', channelId: q.channelId, filename: 'a.mp4' }, N)
    expect([daily.status, daily.body.code]).toEqual([413, 'quota_reached'])
  })
})

describe('PeerTube sandbox: upload expiry and faults', () => {
  it('purges an idle upload (then 404)', async () => {
    const pt = await startPt({ uploadIdleTimeoutMs: 300 })
    try {
      const u = await pt.user()
      const { id } = await pt.init(u.token, { name: 'Idle', channelId: u.channelId, filename: 'a.mp4' }, 5000)
      expect((await pt.chunk(u.token, id, 'bytes */5000')).status).toBe(308)
      await new Promise((r) => setTimeout(r, 700))
      expect((await pt.chunk(u.token, id, 'bytes */5000')).status).toBe(404)
    } finally {
      await pt.close()
    }
  })

  it('rate-limit fault → 429 plain text with Retry-After; error fault → 429/503 on chunks, counted in stats', async () => {
    const pt = await startPt()
    try {
      const u = await pt.user()
      pt.sb.setFaults('rate-limit=3')
      const answers = []
      for (let i = 0; i < 5; i++)
        answers.push(await pt.call('GET', '/api/v1/users/me/video-quota-used', { token: u.token }))
      const limited = answers.at(-1)!
      expect([limited.status, limited.text]).toEqual([429, 'Too many requests, please try again later.'])
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('3')
      pt.sb.setFaults('error=1,seed=3')
      const { id } = await pt.init(u.token, { name: 'Faulty', channelId: u.channelId, filename: 'a.mp4' }, N)
      const hit = await pt.chunk(u.token, id, `bytes 0-${N - 1}/${N}`, VIDEO)
      expect([429, 503]).toContain(hit.status)
      expect(pt.sb.stats().uploads[id]!.faultsInjected.error).toBe(1)
      pt.sb.setFaults('')
      expect((await pt.chunk(u.token, id, `bytes 0-${N - 1}/${N}`, VIDEO)).status).toBe(200)
    } finally {
      await pt.close()
    }
  })
})
