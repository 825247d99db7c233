import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Media, Track } from '../../../../common/domain/media.ts'
import { failureFromResponse, PROCESSING_RECHECK_MS } from '../../../../main/providers/peertube/errors.ts'
import {
  initUpload,
  openUploadSession,
  type InitUploadResult,
  type PeerTubeUploadStatus,
} from '../../../../main/providers/peertube/resumable.ts'
import { apiUrl, videoRef } from '../../../../main/providers/peertube/routes.ts'
import {
  ChannelListSchema,
  ChannelSchema,
  CreatedUserSchema,
  VideoConstantsSchema,
} from '../../../../main/providers/peertube/schemas.ts'
import type { ServerConfig, Me, QuotaUsed, RawVideo } from '../../../../main/providers/peertube/schemas.ts'
import type { VideoPage } from '../../../../main/providers/peertube/library.ts'
import { chunk, expectFailure, expectValue, makeContext, outcome, type Ctx, type Outcome } from './helpers.ts'
import {
  freshTokens,
  fromCapture,
  loadCaptures,
  startReplayServer,
  type ReplayServer,
  type Scripted,
} from './replay-server.ts'

const CAPTURES = loadCaptures()
const FIXTURES = join(import.meta.dirname, '../../../fixtures/media')
const UPLOAD_ID = 'af63a84c86019430-f4b3eb8b69914c74-ca6c778bb32eb60b-c48c670d1be6b5d8'
const TOTAL = 5_271_832
const MIB2 = 2_097_152

function cap(n: string) {
  const c = CAPTURES.get(n)
  if (!c) throw new Error(`no capture ${n}`)
  return c
}

/** Where the captured upload would live on the replay server. */
function session(ctx: Ctx) {
  return openUploadSession(
    ctx.deps,
    `${ctx.server.url}/api/v1/videos/upload-resumable?upload_id=${UPLOAD_ID}`,
  )
}

const VIDEO_FIELDS = { name: 'Captured sample upload', channelId: 5 }
const init = (ctx: Ctx, overrides: Partial<Parameters<typeof initUpload>[1]> = {}) =>
  initUpload(ctx.deps, {
    video: VIDEO_FIELDS,
    filename: 'sample.mp4',
    size: TOTAL,
    mimeType: 'video/mp4',
    fileModifiedMs: 1_796_028_706_436,
    clientJobId: 'job-1',
    ...overrides,
  })

type Row = Readonly<{
  /** Captures served, in the order they may be consumed; the first one is the capture under test. */
  serve: ReadonlyArray<string | Scripted>
  tokens?: 'fresh' | 'expired' | 'none'
  retryLimit?: number
  run: (ctx: Ctx) => Promise<unknown>
  check: (result: Outcome, ctx: Ctx) => void
}>

const incomplete = (persisted: number) => (r: Outcome) =>
  expect(expectValue<PeerTubeUploadStatus>(r)).toEqual({ state: 'incomplete', persisted })
const gone = (r: Outcome) => expect(expectValue<PeerTubeUploadStatus>(r)).toEqual({ state: 'gone' })
const created = (r: Outcome, ctx: Ctx) => {
  const v = expectValue<InitUploadResult>(r)
  expect(v.resumed).toBe(false)
  expect(v.persisted).toBe(0)
  // The protocol-relative Location is rebuilt on the configured instance.
  expect(new URL(v.uploadUrl).origin).toBe(ctx.server.url)
  expect(v.uploadId).toMatch(/^[0-9a-f]{8,16}(-[0-9a-f]{8,16}){3}$/)
}
const resolved = (r: Outcome) => expect(expectValue(r)).toBeUndefined()
const locked = (r: Outcome) =>
  expect(expectFailure(r, 'upload/locked', 'upload-locked').appError.retryable).toBe(true)
const refused = (r: Outcome) =>
  expect(expectFailure(r, 'upload/not-media', 'file-refused').appError.detail).toBe('Video file unreadable.')
const signIn = (ctx: Ctx) => ctx.session.signIn({ password: 'correct horse battery' })
const videoComplete = (id: number) => (r: Outcome) => {
  const v = expectValue<PeerTubeUploadStatus>(r)
  expect(v.state).toBe('complete')
  if (v.state === 'complete') expect(v.video.id).toBe(id)
}
const tokenSaved = (r: Outcome, ctx: Ctx) => {
  expectValue(r)
  expect(ctx.store.saved).toHaveLength(1)
  const body = new URLSearchParams(ctx.server.requests.at(-2)?.body.toString() ?? '')
  expect(ctx.server.requests.at(-2)?.headers['content-type']).toBe('application/x-www-form-urlencoded')
  expect(body.get('grant_type')).toBe('refresh_token')
}
const reauth = (r: Outcome, ctx: Ctx) => {
  expectFailure(r, 'auth/invalid-credentials', 'reauth-required')
  expect(ctx.store.current()).toBeNull()
}

/** Every capture, served to the client method that would receive it. */
const ROWS: Readonly<Record<string, Row>> = {
  '001': {
    serve: ['001'],
    tokens: 'none',
    run: (ctx) => ctx.library.config(),
    check: (r) => {
      const c = expectValue<ServerConfig>(r)
      expect(c.serverVersion).toBe('6.3.2')
      expect(c.client?.videos.resumableUpload.maxChunkSize).toBe(0)
      expect(c.videoCaption.file.extensions).toEqual(['.vtt', '.srt'])
    },
  },
  '002': {
    serve: ['002', '005'],
    tokens: 'none',
    run: signIn,
    check: (r, ctx) => {
      expectValue(r)
      const [clientReq, tokenReq] = ctx.server.requests
      expect(clientReq?.url).toBe('/api/v1/oauth-clients/local')
      expect(tokenReq?.headers['content-type']).toBe('application/x-www-form-urlencoded')
      const form = new URLSearchParams(tokenReq?.body.toString())
      expect(form.get('grant_type')).toBe('password')
      expect(form.get('username')).toBe('uploader8sin')
      const saved = ctx.store.current()
      expect(saved?.accessExpiresAt).toBeGreaterThan(Date.now() + 86_000_000)
      expect(JSON.stringify(saved)).not.toContain('correct horse battery')
    },
  },
  '003': {
    serve: ['002', '003'],
    tokens: 'none',
    run: signIn,
    check: (r, ctx) => expect(ctx.store.saved).toHaveLength(1),
  },
  '005': {
    serve: ['002', '005'],
    tokens: 'none',
    run: signIn,
    check: (r, ctx) => expect(ctx.store.current()).not.toBeNull(),
  },
  '006': {
    serve: ['002', '006'],
    tokens: 'none',
    run: signIn,
    check: (r, ctx) => {
      const f = expectFailure(r, 'auth/invalid-credentials', 'invalid-credentials')
      expect(f.appError.detail).toContain('user credentials are invalid')
      expect(ctx.store.saved).toHaveLength(0)
    },
  },
  '007': {
    serve: ['002', '007'],
    tokens: 'none',
    run: signIn,
    check: (r) =>
      expect(expectFailure(r, 'api/bad-request').appError.detail).toContain('x-www-form-urlencoded'),
  },
  '008': {
    serve: ['002', '008'],
    tokens: 'none',
    run: signIn,
    check: (r) => expectFailure(r, 'auth/invalid-credentials', 'reauth-required'),
  },
  '009': { serve: ['009'], tokens: 'expired', run: (ctx) => ctx.library.me(), check: reauth },
  '010': {
    serve: ['010'],
    run: (ctx) => ctx.library.me(),
    check: (r) => {
      const me = expectValue<Me>(r)
      expect(me.videoChannels[0]?.name).toBe('uploader8sin_channel')
      expect(me.videoQuota).toBe(-1)
    },
  },
  '011': {
    serve: ['011'],
    run: (ctx) => ctx.library.quotaUsed(),
    check: (r) => expect(expectValue<QuotaUsed>(r).videoQuotaUsed).toBe(0),
  },
  '014': {
    serve: ['014'],
    tokens: 'none',
    run: (ctx) => ctx.library.videoConstants('languages'),
    check: (r) => expect(expectValue<Record<string, string>>(r).en).toBe('English'),
  },
  '015': {
    serve: ['015'],
    run: (ctx) => ctx.library.videoConstants('categories'),
    check: (r) => expect(Object.keys(expectValue<object>(r))).toHaveLength(18),
  },
  '016': {
    serve: ['016'],
    run: (ctx) => ctx.library.videoConstants('privacies'),
    check: (r) => expect(expectValue<Record<string, string>>(r)['3']).toBe('Private'),
  },
  '017': {
    serve: ['017'],
    run: (ctx) => ctx.library.videoConstants('licences'),
    check: (r) => expect(Object.keys(expectValue<object>(r))).toHaveLength(7),
  },
  '018': {
    serve: ['018'],
    run: (ctx) => init(ctx),
    check: (r, ctx) => {
      created(r, ctx)
      const req = ctx.server.requests[0]
      expect(req?.headers['x-upload-content-length']).toBe(String(TOTAL))
      expect(req?.headers['x-upload-content-type']).toBe('video/mp4')
      const body = JSON.parse(req?.body.toString() ?? '{}') as Record<string, unknown>
      expect(body).toMatchObject({ name: 'Captured sample upload', channelId: 5, filename: 'sample.mp4' })
      expect(typeof body.lastModified).toBe('number')
    },
  },
  '019': {
    serve: ['019'],
    run: (ctx) => session(ctx).probe(TOTAL),
    check: (r, ctx) => {
      incomplete(0)(r)
      expect(ctx.server.requests[0]?.headers['content-range']).toBe(`bytes */${TOTAL}`)
      expect(ctx.server.requests[0]?.headers['content-length']).toBe('0')
    },
  },
  '020': {
    serve: ['020'],
    run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)),
    check: (r, ctx) => {
      incomplete(MIB2)(r)
      expect(ctx.server.requests[0]?.headers['content-range']).toBe(`bytes 0-1023/${TOTAL}`)
      expect(ctx.server.requests[0]?.headers.authorization).toMatch(/^Bearer [0-9a-f]{40}$/)
    },
  },
  '021': { serve: ['021'], run: (ctx) => session(ctx).probe(TOTAL), check: incomplete(MIB2) },
  '022': {
    serve: ['022'],
    run: (ctx) => init(ctx),
    check: (r) => expect(expectValue<InitUploadResult>(r)).toMatchObject({ resumed: true, persisted: MIB2 }),
  },
  '023': { serve: ['023'], run: (ctx) => init(ctx), check: created },
  '024': { serve: ['024'], run: (ctx) => init(ctx), check: created },
  '025': { serve: ['025', '010'], tokens: 'expired', run: (ctx) => ctx.library.me(), check: tokenSaved },
  '026': {
    serve: ['026', '025', '028'],
    run: (ctx) => session(ctx).put(chunk(MIB2, 1024, TOTAL)),
    check: (r, ctx) => {
      incomplete(2 * MIB2)(r)
      const [first, , retried] = ctx.server.requests
      expect(retried?.headers.authorization).not.toBe(first?.headers.authorization)
      expect(retried?.body.length).toBe(1024)
    },
  },
  '027': { serve: ['027'], tokens: 'expired', run: (ctx) => ctx.library.me(), check: reauth },
  '028': {
    serve: ['028'],
    run: (ctx) => session(ctx).put(chunk(MIB2, 1024, TOTAL)),
    check: incomplete(2 * MIB2),
  },
  '029': {
    serve: ['029'],
    run: async (ctx) => {
      const s = session(ctx)
      const status = await s.sendChunk(chunk(2 * MIB2, 1024, TOTAL))
      return { status, video: s.completedVideo() }
    },
    check: (r) =>
      expect(expectValue(r)).toEqual({
        status: {
          complete: true,
          hashes: { crc32c: null, md5: null },
          mediaId: 'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd',
        },
        video: { id: 6, shortUUID: 'waP5cNWkvBfp9DZkV4gmZK', uuid: 'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd' },
      }),
  },
  '030': {
    serve: ['030', '043'],
    run: (ctx) => ctx.library.getVideo(6),
    check: (r) => {
      const m = expectValue<Media>(r)
      expect(m).toMatchObject({
        id: 'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd',
        status: 'Ready',
        rawStatus: 'Published',
      })
      expect(m.playbackIds[0]).toEqual({ id: 'waP5cNWkvBfp9DZkV4gmZK', accessPolicy: 'private' })
      expect(m.durationSeconds).toBe(12)
      expect(m.maxResolution).toBe('360p')
    },
  },
  '031': {
    serve: ['031'],
    run: (ctx) => session(ctx).sendChunk(chunk(2 * MIB2, 1024, TOTAL)),
    check: (r) => expectFailure(r, 'upload/session-expired', 'upload-gone'),
  },
  '032': { serve: ['032'], run: (ctx) => session(ctx).probe(TOTAL), check: gone },
  '033': { serve: ['033'], run: (ctx) => session(ctx).terminate(), check: resolved },
  '034': { serve: ['034'], run: (ctx) => init(ctx), check: created },
  '035': { serve: ['035'], run: (ctx) => session(ctx).cancel(), check: resolved },
  '036': {
    serve: ['036'],
    run: (ctx) => ctx.library.getRawVideo('waP5cNWkvBfp9DZkV4gmZK'),
    check: (r) => expect(expectValue<RawVideo>(r).files?.[0]?.torrentUrl).toMatch(/\.torrent$/),
  },
  '037': {
    serve: ['037'],
    run: (ctx) => ctx.library.getRawVideo('f450dcf8-f42a-4dce-82f5-93ffcf95bbcd'),
    check: (r, ctx) => {
      expectFailure(r, 'auth/invalid-credentials', 'unauthenticated')
      expect(ctx.server.requests).toHaveLength(1) // no refresh for a 401 without invalid_token
    },
  },
  '038': {
    serve: ['038'],
    run: (ctx) => ctx.library.quotaUsed(),
    check: (r) => expect(expectValue<QuotaUsed>(r).videoQuotaUsed).toBe(TOTAL),
  },
  '039': {
    serve: ['039'],
    run: (ctx) =>
      ctx.library.updateVideo(6, {
        name: 'Captured sample (renamed)',
        tags: ['capture', 'peertube', 'api'],
        privacy: 2,
        category: 15,
        licence: 1,
        language: 'en',
      }),
    check: (r, ctx) => {
      resolved(r)
      expect(JSON.parse(ctx.server.requests[0]?.body.toString() ?? '')).toMatchObject({
        privacy: 2,
        language: 'en',
      })
    },
  },
  '040': {
    serve: ['040'],
    run: (ctx) => ctx.library.updateVideo(6, { language: 'not-a-language' }),
    check: (r) =>
      expect(expectFailure(r, 'api/validation', 'validation').appError.detail).toContain(
        'language: Invalid value',
      ),
  },
  '041': {
    serve: [
      '041',
      fromCapture(cap('048'), { path: '/api/v1/videos/f450dcf8-f42a-4dce-82f5-93ffcf95bbcd/captions' }),
    ],
    run: (ctx) => ctx.library.getVideo('f450dcf8-f42a-4dce-82f5-93ffcf95bbcd'),
    check: (r) => {
      const m = expectValue<Media>(r)
      expect(m.metadata).toMatchObject({
        privacy: 'Unlisted',
        tags: 'api, capture, peertube',
        language: 'en',
      })
      expect(m.playbackIds[0]?.accessPolicy).toBe('public')
      expect(m.tracks[0]).toMatchObject({ type: 'subtitle', languageCode: 'en', id: 'en' })
    },
  },
  '042': {
    serve: ['042'],
    run: (ctx) => ctx.library.listMyVideos({ start: 0, count: 10 }),
    check: (r, ctx) => {
      const page = expectValue<VideoPage>(r)
      expect(page.total).toBe(1)
      expect(page.items[0]?.title).toBe('Captured sample (renamed)')
      expect(ctx.server.requests[0]?.url).toBe('/api/v1/users/me/videos?start=0&count=10&sort=-createdAt')
    },
  },
  '043': {
    serve: ['043'],
    run: (ctx) => ctx.library.listCaptions(6),
    check: (r) => expect(expectValue(r)).toEqual([]),
  },
  '044': {
    serve: ['044', '048'], // the caption is read back (PeerTube can answer 204 and keep nothing)
    run: (ctx) => ctx.library.addCaption(6, 'en', join(FIXTURES, 'tiny.vtt')),
    check: (r, ctx) => {
      resolved(r)
      const req = ctx.server.requests[0]
      expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
      expect(req?.body.toString()).toContain('name="captionfile"; filename="tiny.vtt"')
      expect(req?.body.toString()).toContain('Content-Type: text/vtt')
    },
  },
  '045': {
    serve: ['045', '048'],
    run: (ctx) => ctx.library.addCaption(6, 'en', join(FIXTURES, 'tiny.vtt')),
    check: resolved,
  },
  '046': {
    serve: ['046'],
    run: (ctx) => ctx.library.addCaption(6, 'xx-bad', join(FIXTURES, 'tiny.vtt')),
    check: (r) => expect(expectFailure(r, 'api/validation').appError.detail).toContain('captionLanguage'),
  },
  '048': {
    serve: ['048'],
    run: (ctx) => ctx.library.listCaptions(6),
    check: (r, ctx) =>
      expect(expectValue<Track[]>(r)[0]?.url).toBe(
        `${ctx.server.url}/lazy-static/video-captions/3db8aafe-9d68-4223-9c68-123989cf7aa9-en.vtt`,
      ),
  },
  '049': { serve: ['049'], run: (ctx) => ctx.library.deleteCaption(6, 'en'), check: resolved },
  '050': { serve: ['050'], run: (ctx) => ctx.library.deleteCaption(6, 'en'), check: resolved },
  '051': {
    serve: ['051'],
    run: (ctx) => init(ctx, { video: { ...VIDEO_FIELDS, privacy: 1 } }),
    check: created,
  },
  '052': {
    // A fresh session (offset unknown) sends where it is told; the server's Range is what counts.
    serve: ['052'],
    run: (ctx) => session(ctx).put(chunk(MIB2, 1024, TOTAL)),
    check: incomplete(2 * MIB2),
  },
  '053': { serve: ['053'], run: (ctx) => session(ctx).probe(TOTAL), check: incomplete(2 * MIB2) },
  '054': {
    serve: ['054'],
    run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)),
    check: (r) => expect(expectFailure(r, 'api/conflict', 'upload-conflict').appError.retryable).toBe(true),
  },
  '055': { serve: ['055'], run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)), check: incomplete(1024) },
  '056': { serve: ['056'], run: (ctx) => session(ctx).probe(TOTAL), check: incomplete(2 * MIB2) },
  '057': { serve: ['057'], run: (ctx) => session(ctx).cancel(), check: resolved },
  '058': { serve: ['058'], run: (ctx) => session(ctx).probe(TOTAL), check: gone },
  '059': {
    serve: ['059'],
    run: (ctx) => session(ctx).cancel(),
    check: (r) =>
      expect(expectFailure(r, 'auth/forbidden', 'forbidden').appError.detail).toContain('not allowed'),
  },
  '061': {
    serve: ['061'],
    run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)),
    check: (r) => expectFailure(r, 'auth/forbidden', 'forbidden'),
  },
  '062': { serve: ['062'], run: (ctx) => session(ctx).cancel(), check: resolved },
  '063': { serve: ['063'], run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)), check: gone },
  '064': { serve: ['064'], run: (ctx) => session(ctx).probe(TOTAL), check: gone },
  '065': { serve: ['065'], run: (ctx) => init(ctx), check: created },
  '066': { serve: ['066'], run: (ctx) => session(ctx).cancel(), check: resolved },
  '067': { serve: ['067'], run: (ctx) => init(ctx), check: created },
  '068': { serve: ['068'], run: (ctx) => session(ctx).probe(TOTAL), check: locked },
  '069': { serve: ['069'], run: (ctx) => session(ctx).put(chunk(MIB2, 1024, TOTAL)), check: locked },
  '070': { serve: ['070'], run: (ctx) => session(ctx).put(chunk(0, 1024, TOTAL)), check: incomplete(MIB2) },
  '071': { serve: ['071'], run: (ctx) => session(ctx).probe(TOTAL), check: incomplete(MIB2) },
  '072': {
    serve: ['072'],
    run: (ctx) => session(ctx).queryStatus(TOTAL, new AbortController().signal),
    check: locked,
  },
  '073': {
    serve: ['073'],
    run: (ctx) => session(ctx).probe(TOTAL),
    check: (r) => {
      const f = expectFailure(r, 'api/server', 'processing')
      // Its Retry-After: 300 is not honoured: the work takes seconds (PROCESSING_RECHECK_MS).
      expect(f.appError).toMatchObject({ retryable: true, retryAfterMs: PROCESSING_RECHECK_MS, status: 503 })
    },
  },
  '074': {
    serve: ['074'],
    run: (ctx) => session(ctx).put(chunk(MIB2, 1024, TOTAL)),
    check: videoComplete(7),
  },
  '075': {
    serve: ['075'],
    run: (ctx) => init(ctx, { video: { ...VIDEO_FIELDS, language: 'not-a-language' } }),
    check: (r) => expect(expectFailure(r, 'api/validation').appError.detail).toContain('language'),
  },
  '076': {
    serve: ['076'],
    run: (ctx) => init(ctx),
    check: (r) =>
      expect(expectFailure(r, 'api/validation').appError.detail).toContain('x-upload-content-length'),
  },
  '077': {
    serve: ['077'],
    run: (ctx) => init(ctx, { filename: 'a.mkv', mimeType: 'video/x-matroska' }),
    check: (r) =>
      expect(expectFailure(r, 'upload/not-media', 'file-refused').appError.detail).toContain(
        '.webm, .ogv, .mp4',
      ),
  },
  '078': {
    serve: ['078'],
    run: (ctx) => init(ctx, { video: { ...VIDEO_FIELDS, channelId: 999_999 } }),
    check: (r) =>
      expect(expectFailure(r, 'api/bad-request').appError.detail).toContain('Unknown video "video channel"'),
  },
  '079': {
    serve: ['079'],
    run: (ctx) => init(ctx, { video: { ...VIDEO_FIELDS, name: 'ab', tags: ['x'] } }),
    check: (r) => {
      const detail = expectFailure(r, 'api/validation').appError.detail ?? ''
      expect(detail).toContain('tags:')
      expect(detail).toContain('name:')
    },
  },
  '080': {
    serve: ['080'],
    run: (ctx) => init(ctx),
    check: (r, ctx) => {
      expectFailure(r, 'auth/invalid-credentials', 'unauthenticated')
      expect(ctx.server.requests).toHaveLength(1)
    },
  },
  '081': { serve: ['081'], run: (ctx) => init(ctx, { size: 307_200 }), check: created },
  '082': { serve: ['082'], run: (ctx) => session(ctx).put(chunk(0, 1024, 307_200)), check: refused },
  '083': { serve: ['083'], run: (ctx) => session(ctx).probe(307_200), check: refused },
  '084': { serve: ['084'], run: (ctx) => session(ctx).probe(307_200), check: gone },
  '085': { serve: ['085'], run: (ctx) => session(ctx).put(chunk(0, 1024, 307_200)), check: gone },
  '086': { serve: ['086'], run: (ctx) => session(ctx).cancel(), check: resolved },
  '087': { serve: ['087'], run: (ctx) => init(ctx, { size: 307_200 }), check: created },
  '088': { serve: ['088'], run: (ctx) => session(ctx).put(chunk(0, 1024, 307_200)), check: refused },
  '089': {
    serve: ['089'],
    run: (ctx) => ctx.library.me(),
    check: (r, ctx) => {
      expectFailure(r, 'auth/invalid-credentials', 'unauthenticated')
      expect(ctx.server.requests).toHaveLength(1)
    },
  },
  '090': {
    serve: ['090', '025', '010'],
    run: (ctx) => ctx.library.me(),
    check: (r, ctx) => expect(expectValue<Me>(r).username).toBe(ctx.store.current() ? 'uploader8sin' : ''),
  },
  '091': {
    serve: ['091', '025', '010'],
    run: (ctx) => ctx.library.me(),
    check: (r, ctx) => expect(ctx.store.saved).toHaveLength(1),
  },
  '092': {
    serve: ['092', '094', '010'],
    run: (ctx) => ctx.library.me(),
    check: (r) => expect(expectValue<Me>(r).id).toBe(5),
  },
  '093': {
    serve: [
      '093',
      '025',
      fromCapture(cap('036'), { path: '/api/v1/videos/f450dcf8-f42a-4dce-82f5-93ffcf95bbcd' }),
    ],
    run: (ctx) => ctx.library.getRawVideo('f450dcf8-f42a-4dce-82f5-93ffcf95bbcd'),
    check: (r) => expect(expectValue<RawVideo>(r).shortUUID).toBe('waP5cNWkvBfp9DZkV4gmZK'),
  },
  '094': {
    serve: ['094', '038'],
    tokens: 'expired',
    run: (ctx) => ctx.library.quotaUsed(),
    check: tokenSaved,
  },
  '096': {
    serve: ['096'],
    run: (ctx) => ctx.library.quotaUsed(),
    check: (r) => expect(expectValue<QuotaUsed>(r).videoQuotaUsed).toBe(TOTAL),
  },
  '097': {
    serve: ['097', '010', '096'],
    run: (ctx) => init(ctx, { video: { ...VIDEO_FIELDS, name: 'Over quota' } }),
    check: (r) => {
      const f = expectFailure(r, 'upload/rejected', 'quota-exceeded')
      expect(f.appError.message).toContain('this file needs 5.0 MiB')
      expect(f.appError.detail).toBe('The user video quota is exceeded with this video.')
      expect(f.appError.status).toBe(413)
    },
  },
  '099': {
    serve: ['099'],
    run: (ctx) => init(ctx),
    // The figures are best effort: without them the refusal still stands.
    check: (r) => expectFailure(r, 'upload/rejected', 'quota-exceeded'),
  },
  '100': { serve: ['100'], run: (ctx) => ctx.library.deleteVideo(6), check: resolved },
  '101': {
    serve: ['101'],
    run: (ctx) => ctx.library.getVideo(6),
    check: (r) =>
      expect(expectFailure(r, 'api/not-found', 'not-found').appError.detail).toBe('Video not found'),
  },
  '102': { serve: ['102'], run: (ctx) => ctx.library.deleteVideo(6), check: resolved },
  '103': {
    serve: ['103'],
    run: (ctx) => ctx.library.quotaUsed(),
    check: (r) => expect(expectValue<QuotaUsed>(r).videoQuotaUsedDaily).toBe(0),
  },
  '105': {
    serve: ['105'],
    run: (ctx) => ctx.session.signOut(),
    check: (r, ctx) => {
      resolved(r)
      expect(ctx.store.current()).toBeNull()
      expect(ctx.server.requests[0]?.headers.authorization).toMatch(/^Bearer /)
    },
  },
  '106': { serve: ['106', '027'], run: (ctx) => ctx.library.me(), check: reauth },
  '107': {
    serve: ['107'],
    run: (ctx) => ctx.library.quotaUsed(),
    check: (r) => {
      const f = expectFailure(r, 'api/rate-limited', 'rate-limited')
      expect(f.appError).toMatchObject({ retryable: true, retryAfterMs: 9_000, status: 429 })
    },
  },
}

/** Captures no client method receives, and why; each is still checked against what it shows. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  '004': 'admin API (POST /users): used by the real-server test setup, not by the uploader',
  '012': 'channels come from GET /users/me (videoChannels); the account route is not called',
  '013': 'the public channel-by-name route is not called by the uploader',
  '047': 'GET /videos/{id}/captions/{lang} is not a route; the client never calls it',
  '060': 'the URL builder never sends a DELETE without upload_id',
  '095': 'admin API (PUT /users/{id}): quota set-up for the capture, not an uploader call',
  '098': 'admin API (PUT /users/{id}): quota set-up for the capture, not an uploader call',
  '104': 'GET /videos/upload-resumable is not a route; videoRef refuses "upload-resumable" as an id',
}

describe('every captured PeerTube 6.3.2 exchange', () => {
  let server: ReplayServer
  beforeEach(async () => {
    server = await startReplayServer()
  })
  afterEach(async () => {
    await server.close()
  })

  test('each capture is replayed or listed as not applicable', () => {
    const covered = new Set([...Object.keys(ROWS), ...Object.keys(NOT_APPLICABLE)])
    expect([...CAPTURES.keys()].filter((n) => !covered.has(n))).toEqual([])
    expect(CAPTURES.size).toBe(107)
  })

  for (const [number, row] of Object.entries(ROWS)) {
    test(`${cap(number).file}`, async () => {
      const now = Date.now()
      const tokens =
        row.tokens === 'none'
          ? null
          : row.tokens === 'expired'
            ? freshTokens(now, { accessExpiresAt: now - 1_000 })
            : freshTokens(now)
      const ctx = makeContext(server, { tokens, retryLimit: row.retryLimit ?? 0 })
      server.serve(...row.serve.map((n) => (typeof n === 'string' ? fromCapture(cap(n)) : n)))
      const result = await outcome(() => row.run(ctx))
      row.check(result, ctx)
      expect(server.pending(), 'every served capture was consumed').toBe(0)
      // No token ever shows up in an error.
      if (result.error instanceof Error) {
        const text = JSON.stringify(result.error) + result.error.message
        for (const req of server.requests) {
          const bearer = req.headers.authorization?.replace('Bearer ', '')
          if (bearer) expect(text).not.toContain(bearer)
        }
      }
    })
  }

  // A real 6.3.2 answered 204 to a caption PUT and kept nothing (its retried transaction saved nothing):
  // Spool reads every caption back and sends it again while it is missing, three times at most.
  test('a caption answered 204 but not listed is sent again; one never listed fails with the reason', async () => {
    const ctx = makeContext(server)
    const put = () => fromCapture(cap('044'))
    server.serve(put(), fromCapture(cap('043')), put(), fromCapture(cap('048')))
    await ctx.library.addCaption(6, 'en', join(FIXTURES, 'tiny.vtt'))
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /api/v1/videos/6/captions/en',
      'GET /api/v1/videos/6/captions',
      'PUT /api/v1/videos/6/captions/en',
      'GET /api/v1/videos/6/captions',
    ])
    expect(server.pending()).toBe(0)

    server.serve(...Array.from({ length: 3 }, () => [put(), fromCapture(cap('043'))]).flat())
    const never = await outcome(() => ctx.library.addCaption(6, 'en', join(FIXTURES, 'tiny.vtt')))
    expect(expectFailure(never, 'api/server', 'server').message).toBe(
      'PeerTube accepted the en caption 3 times but does not list it.',
    )
    expect(server.pending()).toBe(0)
  })

  test('not-applicable captures still match what the client expects of such bodies', () => {
    expect(CreatedUserSchema.safeParse(cap('004').response.body).success).toBe(true)
    expect(ChannelListSchema.safeParse(cap('012').response.body).success).toBe(true)
    expect(ChannelSchema.safeParse(cap('013').response.body).success).toBe(true)
    expect(VideoConstantsSchema.safeParse(cap('014').response.body).success).toBe(true)
    // Empty-body 400 (047) still becomes a typed failure naming the status.
    const empty = failureFromResponse({ status: 400, headers: {}, body: '' }, 'Loading the caption')
    expect(empty.appError).toMatchObject({ code: 'api/bad-request', status: 400 })
    const noId = failureFromResponse({
      status: 403,
      headers: {},
      body: JSON.stringify(cap('060').response.body),
    })
    expect(noId.reason).toBe('forbidden')
    expect(cap('095').response.status).toBe(204)
    expect(cap('098').response.status).toBe(204)
    expect(() => videoRef('upload-resumable')).toThrow(/not a valid PeerTube identifier/)
    expect(() =>
      apiUrl('http://127.0.0.1:9000', ['videos', 'upload-resumable'], { upload_id: UPLOAD_ID }),
    ).not.toThrow()
  })
})
