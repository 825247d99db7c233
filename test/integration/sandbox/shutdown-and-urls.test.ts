import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../../sandbox/index.ts'
import { MEDIA, startTestSandbox, type TestSandbox } from './harness.ts'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('sandbox session URIs and shutdown', () => {
  it('shapes session URIs like FastPix V4-signed GCS URIs, with the creation time in X-Goog-Date', async () => {
    t = await startTestSandbox()
    const before = Date.now()
    const { url } = await t.createUpload()
    const q = new URL(url).searchParams
    expect(q.get('X-Goog-Expires')).toBe('14400')
    expect(q.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{64}$/)
    expect(q.get('upload_id')).toBeTruthy()
    const date = q.get('X-Goog-Date') ?? ''
    expect(date).toMatch(/^\d{8}T\d{6}Z$/)
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`
    expect(Math.abs(Date.parse(iso) - before)).toBeLessThan(5_000)
    // The signature is not what authorises the session: upload_id is.
    const wrongSig = url.replace(/X-Goog-Signature=[0-9a-f]+/, 'X-Goog-Signature=00')
    const status = await t.put(wrongSig, undefined, 'bytes */*')
    expect(status.status).toBe(308)
  })

  it('close() keeps the result of a probe that is still running instead of dropping it', async () => {
    t = await startTestSandbox()
    const bytes = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))
    const { uploadId, url } = await t.createUpload()
    const done = await t.put(url, bytes, `bytes 0-${bytes.length - 1}/${bytes.length}`)
    expect(done.status).toBe(200)
    const dir = t.dir
    await t.sb.close() // the probe started by the completion is in flight now
    const again = await startSandbox({ dataDir: dir, readyAfterMs: 0 })
    try {
      const auth = 'Basic ' + Buffer.from(`${again.username}:${again.password}`).toString('base64')
      const res = await fetch(`${again.apiUrl}/on-demand/${uploadId}`, { headers: { authorization: auth } })
      const media = ((await res.json()) as { data: { tracks: Array<{ type: string }> } }).data
      // Probed before the first close finished: the tracks are there immediately after the restart.
      expect(media.tracks.map((tr) => tr.type).sort()).toEqual(['audio', 'video'])
    } finally {
      await again.close()
    }
  })
})
