/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON under test: assertions check them, not types */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes, gcsHashes, Q, startTestSandbox, type TestSandbox } from './harness.ts'

// The GCS resumable protocol on the session URI (NOTES §11.3), rule by rule.
describe('sandbox session protocol', () => {
  let t: TestSandbox
  beforeAll(async () => {
    t = await startTestSandbox()
  })
  afterAll(() => t.close())

  it('returns a session URI on its own host with upload_id=', async () => {
    const { url } = await t.createUpload()
    expect(url.startsWith(t.sb.origin + '/')).toBe(true)
    expect(new URL(url).searchParams.get('upload_id')).toMatch(/^[\w-]{20,}$/)
  })

  it('answers 308 without Range before anything is persisted, with Range after', async () => {
    const data = bytes(Q * 2 + 100)
    const { url } = await t.createUpload()
    let r = await t.put(url, undefined, `bytes */${data.length}`)
    expect(r.status).toBe(308)
    expect(r.headers.get('range')).toBeNull()
    r = await t.put(url, data.subarray(0, Q), `bytes 0-${Q - 1}/${data.length}`)
    expect(r.status).toBe(308)
    expect(r.headers.get('range')).toBe(`bytes=0-${Q - 1}`)
    r = await t.put(url, undefined, `bytes */${data.length}`)
    expect(r.status).toBe(308)
    expect(r.headers.get('range')).toBe(`bytes=0-${Q - 1}`)
  })

  it('rejects a non-final chunk that is not a multiple of 256 KiB with 400', async () => {
    const data = bytes(Q * 3)
    const { url } = await t.createUpload()
    const r = await t.put(url, data.subarray(0, Q + 1), `bytes 0-${Q}/${data.length}`)
    expect(r.status).toBe(400)
    const q = await t.put(url, undefined, `bytes */${data.length}`)
    expect(q.headers.get('range')).toBeNull()
  })

  it('completes with 200 and x-goog-hash of the stored object; a repeat answers 200 again', async () => {
    const data = bytes(Q * 2 + 12345, 3)
    const { url } = await t.createUpload()
    expect((await t.put(url, data.subarray(0, Q * 2), `bytes 0-${Q * 2 - 1}/${data.length}`)).status).toBe(
      308,
    )
    const r = await t.put(url, data.subarray(Q * 2), `bytes ${Q * 2}-${data.length - 1}/${data.length}`)
    expect(r.status).toBe(200)
    const h = gcsHashes(data)
    expect(r.headers.get('x-goog-hash')).toBe(`crc32c=${h.crc32c},md5=${h.md5}`)
    const again = await t.put(url, undefined, `bytes */${data.length}`)
    expect(again.status).toBe(200)
    expect(again.headers.get('x-goog-hash')).toBe(`crc32c=${h.crc32c},md5=${h.md5}`)
  })

  it('accepts * for an unknown total (bytes 0-N/*, bytes */*, bytes N-*/*)', async () => {
    const data = bytes(Q * 2 + 7, 4)
    const { url } = await t.createUpload()
    let r = await t.put(url, data.subarray(0, Q), `bytes 0-${Q - 1}/*`)
    expect(r.status).toBe(308)
    r = await t.put(url, undefined, 'bytes */*')
    expect(r.status).toBe(308)
    expect(r.headers.get('range')).toBe(`bytes=0-${Q - 1}`)
    r = await t.put(url, data.subarray(Q, Q * 2), `bytes ${Q}-${Q * 2 - 1}/*`)
    expect(r.headers.get('range')).toBe(`bytes=0-${Q * 2 - 1}`)
    r = await t.put(url, data.subarray(Q * 2), `bytes ${Q * 2}-*/*`)
    expect(r.status).toBe(200)
    expect(r.headers.get('x-goog-hash')).toContain(gcsHashes(data).crc32c)
  })

  it('skips bytes already persisted when a client resends from an older offset', async () => {
    const data = bytes(Q * 3, 5)
    const { url } = await t.createUpload()
    await t.put(url, data.subarray(0, Q * 2), `bytes 0-${Q * 2 - 1}/${data.length}`)
    // resend from 256 KiB (overlaps one persisted quantum)
    const r = await t.put(url, data.subarray(Q), `bytes ${Q}-${data.length - 1}/${data.length}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('x-goog-hash')).toContain(gcsHashes(data).md5)
  })

  it('rejects a chunk that leaves a gap with 400 and keeps the session', async () => {
    const data = bytes(Q * 3, 6)
    const { url } = await t.createUpload()
    const r = await t.put(url, data.subarray(Q), `bytes ${Q}-${Q * 2 - 1}/${data.length}`)
    expect(r.status).toBe(400)
    expect((await t.put(url, data.subarray(0, Q), `bytes 0-${Q - 1}/${data.length}`)).status).toBe(308)
  })

  it('rejects malformed Content-Range and a changed total with 400', async () => {
    const { url } = await t.createUpload()
    expect((await t.put(url, bytes(10), 'bytes 5-1/10')).status).toBe(400)
    expect((await t.put(url, bytes(10), 'items 0-9/10')).status).toBe(400)
    expect((await t.put(url, bytes(Q), `bytes 0-${Q - 1}/${Q * 4}`)).status).toBe(308)
    expect((await t.put(url, undefined, `bytes */${Q * 5}`)).status).toBe(400)
  })

  it('DELETE answers 499 and the session is dead afterwards (404)', async () => {
    const { url } = await t.createUpload()
    await t.put(url, bytes(Q), `bytes 0-${Q - 1}/${Q * 2}`)
    const d = await fetch(url, { method: 'DELETE' })
    expect(d.status).toBe(499)
    expect((await t.put(url, undefined, `bytes */${Q * 2}`)).status).toBe(404)
  })

  it('POST to a session answers 405; unknown sessions and wrong upload_id answer 404', async () => {
    const { url, uploadId } = await t.createUpload()
    const post = await fetch(url, { method: 'POST', headers: { 'x-goog-resumable': 'start' } })
    expect(post.status).toBe(405)
    const wrong = url.replace(/upload_id=[^&]+/, 'upload_id=nope')
    expect((await t.put(wrong, undefined, 'bytes */*')).status).toBe(404)
    const unknown = url.replace(uploadId, '00000000-0000-4000-8000-000000000000')
    expect((await t.put(unknown, undefined, 'bytes */*')).status).toBe(404)
  })

  it('a FastPix cancel kills the session (404) and removes the upload from the waiting list', async () => {
    const { url, uploadId } = await t.createUpload()
    const c = await t.api('PUT', `/on-demand/upload/${uploadId}/cancel`)
    expect(c.status).toBe(200)
    expect(c.body.data.status).toBe('cancelled')
    expect((await t.put(url, undefined, 'bytes */*')).status).toBe(404)
    const list = await t.api('GET', '/on-demand/uploads?limit=50')
    expect(list.body.data.map((u: { uploadId: string }) => u.uploadId)).not.toContain(uploadId)
  })

  it('a whole-object PUT without Content-Range completes', async () => {
    const data = bytes(1000, 8)
    const { url } = await t.createUpload()
    const r = await t.put(url, data)
    expect(r.status).toBe(200)
    expect(r.headers.get('x-goog-hash')).toContain(gcsHashes(data).crc32c)
  })

  it('an expired session (session-ttl) answers 410', async () => {
    t.sb.setFaults('session-ttl=1')
    const { url } = await t.createUpload()
    t.sb.setFaults('')
    expect((await t.put(url, undefined, 'bytes */*')).status).toBe(308)
    await new Promise((r) => setTimeout(r, 1100))
    expect((await t.put(url, undefined, 'bytes */*')).status).toBe(410)
  })
})
