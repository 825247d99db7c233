import { readSpoolMetadata, SPOOL_METADATA_KEY } from '../../../common/domain/spool-metadata.ts'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { asAccountName, asMediaId, asTrackId, asUploadId, type MediaId } from '../../../common/domain/ids.ts'
import { AppFailure } from '../../../common/ipc/result.ts'
import { createLibraryService } from '../../../main/library/library-service.ts'
import { MEDIA_DIR, startHarness, waitReady, type Harness } from './harness.ts'

const account = asAccountName('sandbox')
let h: Harness
let library: ReturnType<typeof createLibraryService>
let mediaId: MediaId
const lookups = new Map<string, { jobId: string; path: string; resumable: boolean }>()

async function failure(run: () => Promise<unknown>): Promise<AppFailure> {
  try {
    await run()
  } catch (caught) {
    if (caught instanceof AppFailure) return caught
    throw caught
  }
  throw new Error('expected a failure')
}

beforeAll(async () => {
  h = await startHarness()
  library = createLibraryService({
    db: h.db,
    providerFor: () => h.provider,
    lookupJobByUploadId: (id) => lookups.get(id) ?? null,
  })
  const created = await library.createFromUrl(account, h.files.url('tiny-160x90.mp4'), {
    title: 'Tiny clip',
    metadata: { project: 'alpha' },
  })
  mediaId = created.id
  expect(readSpoolMetadata(created.metadata).clientId).toMatch(/^[0-9a-f-]{36}$/)
  expect((await waitReady(h.provider, mediaId)).status).toBe('Ready')
})

afterAll(async () => {
  await h?.close()
})

describe('every library operation against the sandbox', () => {
  test('create from URL, then get: real shape (duration in seconds, tracks probed)', async () => {
    const media = await library.get(account, mediaId)
    expect(media).toMatchObject({ id: mediaId, title: 'Tiny clip', status: 'Ready' })
    expect(media.durationSeconds).toBeGreaterThan(0)
    expect(media.tracks.find((t) => t.type === 'video')).toMatchObject({
      width: 160,
      height: 90,
      status: 'ready',
    })
  })

  test('refresh pages the library into the cache; query searches title, id and metadata offline', async () => {
    await library.createFromUrl(account, h.files.url('tiny-audio.m4a'), { title: 'Podcast intro' })
    const info = await library.refresh(account)
    expect(info.count).toBe(2)
    expect(library.query(account, { sort: 'created-desc', offset: 0, limit: 10, search: 'tiny' }).total).toBe(
      1,
    )
    expect(
      library.query(account, { sort: 'created-desc', offset: 0, limit: 10, search: 'alpha' }).total,
    ).toBe(1)
    expect(
      library.query(account, { sort: 'created-desc', offset: 0, limit: 10, search: mediaId.slice(0, 8) })
        .items[0]?.id,
    ).toBe(mediaId)
    expect(
      library.query(account, { sort: 'title-asc', offset: 0, limit: 10 }).items.map((m) => m.title),
    ).toEqual(['Podcast intro', 'Tiny clip'])
  })

  test('update: title and metadata merged client-side, the whole map sent; limits enforced', async () => {
    const updated = await library.update(account, mediaId, {
      title: 'Renamed',
      metadataChanges: { reel: '7', project: null },
    })
    expect(updated.title).toBe('Renamed')
    expect(updated.metadata).toEqual({
      [SPOOL_METADATA_KEY]: expect.stringMatching(/^c=[0-9a-f-]{36}$/) as string,
      reel: '7',
    })
    expect(library.cached(account, mediaId)?.title).toBe('Renamed')
    const tooMany = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))
    expect(
      (await failure(() => library.update(account, mediaId, { metadataChanges: tooMany }))).appError.code,
    ).toBe('input/invalid')
    expect((await library.get(account, mediaId)).metadata.reel).toBe('7')
  })

  test('tracks: add audio and subtitle by URL, update language, generate subtitles, delete', async () => {
    const audio = await library.addTrack(account, mediaId, {
      type: 'audio',
      url: h.files.url('tiny-audio.m4a'),
      languageCode: 'it',
      languageName: 'Italian',
    })
    expect(audio).toMatchObject({ type: 'audio', languageCode: 'it' })
    const sub = await library.addTrack(account, mediaId, {
      type: 'subtitle',
      url: h.files.url('tiny.vtt'),
      languageCode: 'fr',
      languageName: 'French',
    })
    const renamed = await library.updateTrack(account, mediaId, sub.id, { languageName: 'Français' })
    expect(renamed).toMatchObject({ languageCode: 'fr', languageName: 'Français' })
    const generated = await library.generateSubtitles(account, mediaId, audio.id, 'it-IT', 'Italian')
    expect(generated.type).toBe('subtitle')
    const cached = library.cached(account, mediaId)
    expect(cached?.tracks.some((t) => t.id === sub.id)).toBe(true)
    await library.deleteTrack(account, mediaId, sub.id)
    expect((await library.get(account, mediaId)).tracks.some((t) => t.id === sub.id)).toBe(false)
    const gone = await failure(() => library.deleteTrack(account, mediaId, asTrackId(sub.id)))
    expect(gone.appError.code).toBe('api/not-found')
  })

  test('summary: not generated → generate → ready, marked as sandbox output', async () => {
    expect(await library.summary(account, mediaId)).toEqual({ state: 'not-generated' })
    const s = await library.generateSummary(account, mediaId, 60)
    expect(s.state === 'ready' || s.state === 'preparing').toBe(true)
    const again = await library.summary(account, mediaId)
    expect(again).toMatchObject({ state: 'ready', sandbox: true })
    const bad = await failure(() => library.generateSummary(account, mediaId, 10))
    expect(bad.appError.code).toBe('input/invalid')
  })

  test('MP4 support and source access change what GET returns', async () => {
    expect((await library.setMp4Support(account, mediaId, 'capped_4k')).mp4Support.option).toBe('capped_4k')
    expect((await library.setSourceAccess(account, mediaId, true)).sourceAccess).toBe(true)
    const media = await library.get(account, mediaId)
    expect(media.sourceAccess).toBe(true)
    expect(['capped_4k', 'unknown']).toContain(media.mp4Support.option)
    expect((await library.setMp4Support(account, mediaId, 'none')).mp4Support.option).toBe('none')
  })

  test('input-info: the URL serves the original bytes', async () => {
    const info = await library.inputInfo(account, mediaId)
    expect(info.url).toBeTruthy()
    const res = await fetch(info.url!)
    const served = createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex')
    const original = createHash('sha256')
      .update(readFileSync(join(MEDIA_DIR, 'tiny-160x90.mp4')))
      .digest('hex')
    expect(served).toBe(original)
  })

  test('media clips and live clips (32-hex ids only)', async () => {
    expect(await library.mediaClips(account, mediaId)).toEqual([])
    expect(await library.liveClips(account, '91b8484250e5a1ed03fd4e100b807082')).toEqual([])
    const bad = await failure(() => library.liveClips(account, '4fa85f64-5717-4562-b3fc-2c963f66afa6'))
    expect(bad.appError.code).toBe('input/invalid')
  })

  test('unused uploads are crossed with the local queue, then cancelled', async () => {
    const a = await h.provider.uploads.createUpload({
      settings: { accessPolicy: 'public', metadata: {} },
      clientJobId: 'j1',
    })
    const b = await h.provider.uploads.createUpload({
      settings: { accessPolicy: 'private', metadata: {} },
      clientJobId: 'j2',
    })
    lookups.set(a.uploadId, { jobId: 'j1', path: '/videos/a.mp4', resumable: true })
    const unused = await library.unusedUploads(account)
    const byId = new Map(unused.map((u) => [u.uploadId, u]))
    expect(byId.get(a.uploadId)).toMatchObject({
      origin: 'resumable-here',
      path: '/videos/a.mp4',
      jobId: 'j1',
    })
    expect(byId.get(b.uploadId)).toMatchObject({ origin: 'orphaned', accessPolicy: 'private' })
    // Age comes from the API's createdAt or, as on real FastPix, the session URI's X-Goog-Date.
    const orphan = byId.get(b.uploadId)!
    expect(orphan.createdAt).not.toBeNull()
    expect(orphan.ageSeconds).toBeGreaterThanOrEqual(0)
    expect(orphan.ageSeconds).toBeLessThan(120)
    expect(orphan.expiresInSeconds).toBeGreaterThan(14_400 - 120)
    expect(orphan.expiresInSeconds).toBeLessThanOrEqual(14_400)
    expect(JSON.stringify(unused)).not.toMatch(/upload_id=|X-Goog-Signature/i)
    const results = await library.cancelUploads(account, [
      a.uploadId,
      b.uploadId,
      asUploadId('00000000-0000-4000-8000-000000000000'),
    ])
    expect(results.map((r) => r.ok)).toEqual([true, true, false])
    expect(results[2]?.error?.code).toBe('api/not-found')
    const after = await library.unusedUploads(account)
    expect(after.some((u) => u.uploadId === a.uploadId || u.uploadId === b.uploadId)).toBe(false)
  })

  test('delete removes the media remotely and from the cache', async () => {
    const other = library.query(account, { sort: 'created-desc', offset: 0, limit: 10, search: 'podcast' })
      .items[0]
    expect(other).toBeDefined()
    await library.delete(account, other!.id)
    expect(library.cached(account, other!.id)).toBeNull()
    expect((await failure(() => library.get(account, asMediaId(other!.id)))).appError.code).toBe(
      'api/not-found',
    )
  })
})
