import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { PEERTUBE_CAPABILITIES } from '../../../../main/providers/peertube/capabilities.ts'
import {
  initUpload,
  openUploadSession,
  persistedFromRange,
  uploadDiscriminator,
} from '../../../../main/providers/peertube/resumable.ts'
import { chunk, expectFailure, expectValue, makeContext, outcome } from './helpers.ts'
import { fromCapture, loadCaptures, startReplayServer, type ReplayServer } from './replay-server.ts'

const CAPTURES = loadCaptures()
const cap = (n: string) => {
  const c = CAPTURES.get(n)
  if (!c) throw new Error(n)
  return c
}
const UPLOAD_PATH = '/api/v1/videos/upload-resumable'
const ID = 'af63a84c86019430-f4b3eb8b69914c74-ca6c778bb32eb60b-c48c670d1be6b5d8'

describe('PeerTube resumable upload', () => {
  let server: ReplayServer
  beforeEach(async () => {
    server = await startReplayServer()
  })
  afterEach(async () => {
    await server.close()
  })
  const open = (ctx: ReturnType<typeof makeContext>) =>
    openUploadSession(ctx.deps, `${server.url}${UPLOAD_PATH}?upload_id=${ID}`)

  test('Range parsing', () => {
    expect(persistedFromRange('bytes=0--1')).toBe(0)
    expect(persistedFromRange('bytes=0-2097151')).toBe(2_097_152)
    expect(persistedFromRange(undefined)).toBe(0)
    expect(persistedFromRange('bytes=5-9')).toBeNull()
    expect(persistedFromRange('garbage')).toBeNull()
  })

  test('two jobs of the same file get different upload discriminators; one job keeps its own', () => {
    const mtime = 1_796_028_706_436
    expect(uploadDiscriminator('job-a', mtime)).not.toBe(uploadDiscriminator('job-b', mtime))
    expect(uploadDiscriminator('job-a', mtime)).toBe(uploadDiscriminator('job-a', mtime))
    expect(uploadDiscriminator('job-a', mtime)).not.toBe(uploadDiscriminator('job-a', mtime + 1))
    expect(Number.isSafeInteger(uploadDiscriminator('job-a', mtime))).toBe(true)
  })

  test('two jobs for the same file send different lastModified (so the server makes two uploads)', async () => {
    const ctx = makeContext(server)
    server.serve(fromCapture(cap('018')), fromCapture(cap('023')))
    const request = {
      video: { name: 'Same title', channelId: 5 },
      filename: 'sample.mp4',
      size: 5_271_832,
      mimeType: 'video/mp4',
      fileModifiedMs: 1_796_028_706_436,
    }
    await initUpload(ctx.deps, { ...request, clientJobId: 'job-a' })
    await initUpload(ctx.deps, { ...request, clientJobId: 'job-b' })
    const bodies = server.requests.map(
      (r) => JSON.parse(r.body.toString()) as { lastModified: number; filename: string },
    )
    expect(bodies[0]?.lastModified).not.toBe(bodies[1]?.lastModified)
    expect(bodies[0]?.filename).toBe('sample.mp4')
  })

  test('refuses to leave a hole: a chunk must start at the offset the server reported', async () => {
    const ctx = makeContext(server)
    server.serve(fromCapture(cap('021')))
    const session = open(ctx)
    expect(expectValue(await outcome(() => session.probe(5_271_832)))).toEqual({
      state: 'incomplete',
      persisted: 2_097_152,
    })
    const r = await outcome(() => session.put(chunk(4_194_304, 1024, 5_271_832)))
    expectFailure(r, 'upload/rejected')
    expect(server.requests).toHaveLength(1)
  })

  test('bare 413 (proxy limit) → chunk-too-large; problem+json 413 → quota', async () => {
    const ctx = makeContext(server)
    server.serve({
      method: 'PUT',
      path: UPLOAD_PATH,
      status: 413,
      headers: { 'content-type': 'text/html' },
      body: '<html>413 Request Entity Too Large</html>',
    })
    const r = await outcome(() => open(ctx).put(chunk(0, 1024, 4096)))
    const f = expectFailure(r, 'upload/rejected', 'chunk-too-large')
    expect(f.appError.retryable).toBe(true)
  })

  test('the final 200 exposes the video through completedVideo()', async () => {
    const ctx = makeContext(server)
    server.serve(fromCapture(cap('029')))
    const session = open(ctx)
    expect(session.completedVideo()).toBeNull()
    await session.sendChunk(chunk(0, 1024, 1024))
    expect(session.completedVideo()).toEqual({
      id: 6,
      shortUUID: 'waP5cNWkvBfp9DZkV4gmZK',
      uuid: 'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd',
    })
  })

  test('a 429 on an idempotent API call is retried after Retry-After', async () => {
    const ctx = makeContext(server, { retryLimit: 2 })
    const limited = fromCapture(cap('107'))
    server.serve({ ...limited, headers: { ...limited.headers, 'retry-after': '1' } }, fromCapture(cap('011')))
    const started = Date.now()
    const used = await ctx.library.quotaUsed()
    expect(used.videoQuotaUsed).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(server.requests).toHaveLength(2)
  })

  test('a POST (init) is never retried on 503', async () => {
    const ctx = makeContext(server, { retryLimit: 2 })
    server.serve({
      method: 'POST',
      path: UPLOAD_PATH,
      status: 503,
      headers: { 'retry-after': '1' },
      body: '',
    })
    expectFailure(
      await outcome(() =>
        initUpload(ctx.deps, {
          video: { name: 'x-title', channelId: 5 },
          filename: 'a.mp4',
          size: 10,
          mimeType: 'video/mp4',
          fileModifiedMs: 1,
          clientJobId: 'j',
        }),
      ),
      'api/server',
    )
    expect(server.requests).toHaveLength(1)
  })

  test('a session URL for another host is refused before any request', () => {
    const ctx = makeContext(server)
    expect(() => openUploadSession(ctx.deps, `http://evil.example${UPLOAD_PATH}?upload_id=${ID}`)).toThrow()
  })

  test('capabilities', () => {
    expect(PEERTUBE_CAPABILITIES).toMatchObject({
      summaries: false,
      generatedSubtitles: false,
      tracksByUrlOnly: false,
      mp4Support: false,
      sourceAccess: false,
      unusedUploads: false,
      clips: false,
      metadataLimits: { maxKeys: 0, maxValueLength: 0 },
    })
  })
})
