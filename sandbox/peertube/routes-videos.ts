import { randomUUID } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import { isAdmin, type Ctx, type PtApp, type PtRoute } from './app.ts'
import { invalidParams, PtError, readFields, type InvalidParam } from './http.ts'
import type { UserRecord, VideoRecord } from './store.ts'
import { applyMeta, checkChannel, checkVideoId } from './validate.ts'
import { shortUuid, videoDetails, videoListItem, VOCABULARY } from './views.ts'

/** Some 204s of PeerTube 6.3.2 still carry a JSON content type (captures 039, 049, 100). */
const JSON_204 = { status: 204, headers: { 'content-type': 'application/json; charset=utf-8' } }

/** The video named by `:id` (number, UUID or short UUID): 400 when malformed, 404 when unknown. */
export function findVideo(app: PtApp, raw: string | undefined): VideoRecord {
  const id = checkVideoId(raw)
  const video = app.store.state.videos.find((v) =>
    /^\d+$/.test(id) ? v.id === Number(id) : v.uuid === id.toLowerCase() || shortUuid(v.uuid) === id,
  )
  if (!video) throw new PtError(404, 'Video not found')
  return video
}

/** The video, if the caller may manage it (owner or administrator). */
function manageable(ctx: Ctx): VideoRecord {
  const video = findVideo(ctx.app, ctx.params.id)
  if (video.userId !== ctx.user!.id && !isAdmin(ctx.user))
    throw new PtError(403, 'Cannot manage a video of another user.')
  return video
}

const ownerOf = (app: PtApp, video: VideoRecord): UserRecord => app.store.user(video.userId)!

function getVideo(ctx: Ctx) {
  const video = findVideo(ctx.app, ctx.params.id)
  const hidden = video.meta.privacy === 3 || video.meta.privacy === 4
  if (hidden && !ctx.user) throw new PtError(401, 'Not authenticated')
  if (video.meta.privacy === 3 && ctx.user!.id !== video.userId && !isAdmin(ctx.user))
    throw new PtError(403, 'Cannot fetch information of private/internal/blocked video')
  return { status: 200, body: videoDetails(ctx.app, video, ownerOf(ctx.app, video)) }
}

async function updateVideo(ctx: Ctx) {
  const { fields, files } = await readFields(ctx.req)
  const video = manageable(ctx)
  if (files.thumbnailfile && ctx.app.settings.thumbnailErrors > 0) {
    ctx.app.settings.thumbnailErrors--
    ctx.app.log(`thumbnail of video ${video.id}: answered 500 (thumbnailErrors)`)
    const image = `${randomUUID().replaceAll('-', '')}${extname(files.thumbnailfile.filename) || '.png'}`
    throw new PtError(500, `ENOENT: no such file or directory, open '/var/www/peertube/storage/tmp/${image}'`)
  }
  const meta = structuredClone(video.meta)
  applyMeta(meta, fields, false)
  if (meta.channelId !== video.meta.channelId)
    checkChannel(ctx.app.store.state.users, ctx.user!, meta.channelId)
  const now = Date.now()
  // Leaving Private/Internal for a public privacy publishes the video again (capture 041: publishedAt reset).
  const wasHidden = video.meta.privacy === 3 || video.meta.privacy === 4
  if (wasHidden && (meta.privacy === 1 || meta.privacy === 2)) video.publishedAtMs = now
  video.meta = meta
  video.updatedAtMs = now
  ctx.app.store.save()
  return JSON_204
}

/** GET /videos/{id}/source: what the owner uploaded (name, size, picture), as PeerTube 6.1+ answers it. */
function videoSource(ctx: Ctx) {
  const video = manageable(ctx)
  const name = video.inputFilename ?? `${video.file.uuid}${video.file.ext}`
  const { size, width, height, fps } = video.file
  return {
    status: 200,
    body: {
      filename: name,
      inputFilename: name,
      fileUrl: null,
      fileDownloadUrl: null,
      resolution: { id: height, label: `${height}p` },
      size,
      width,
      height,
      fps,
      createdAt: new Date(video.createdAtMs).toISOString(),
    },
  }
}

function deleteVideo(ctx: Ctx) {
  const video = manageable(ctx)
  ctx.app.store.dropVideo(video)
  ctx.app.log(`video ${video.id} deleted`)
  return JSON_204
}

const SORTS = ['createdAt', 'publishedAt', 'updatedAt', 'name', 'duration', 'views', 'likes']

function myVideos(ctx: Ctx) {
  const q = ctx.query
  const bad: Record<string, InvalidParam> = {}
  const int = (k: string, dflt: number, max: number) => {
    const raw = q.get(k)
    if (raw === null) return dflt
    const n = Number(raw)
    if (!/^\d+$/.test(raw) || n > max) bad[k] = { value: raw, msg: 'Invalid value', location: 'query' }
    return n
  }
  const start = int('start', 0, Number.MAX_SAFE_INTEGER)
  const count = int('count', 15, 100)
  const sort = q.get('sort') ?? '-createdAt'
  const field = sort.replace(/^-/, '')
  if (!SORTS.includes(field)) bad.sort = { value: sort, msg: 'Invalid value', location: 'query' }
  if (Object.keys(bad).length > 0) throw invalidParams(bad)
  const search = q.get('search')?.toLowerCase()
  const user = ctx.user!
  const key = (v: VideoRecord): string | number =>
    field === 'name'
      ? v.meta.name.toLowerCase()
      : field === 'publishedAt'
        ? v.publishedAtMs
        : field === 'updatedAt'
          ? v.updatedAtMs
          : field === 'duration'
            ? v.file.duration
            : field === 'createdAt'
              ? v.createdAtMs
              : 0
  const dir = sort.startsWith('-') ? -1 : 1
  const all = ctx.app.store.state.videos
    .filter((v) => v.userId === user.id && (!search || v.meta.name.toLowerCase().includes(search)))
    .sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir
    })
  return {
    status: 200,
    body: {
      total: all.length,
      data: all.slice(start, start + count).map((v) => videoListItem(ctx.app, v, user)),
    },
  }
}

const captionPath = (c: { fileUuid: string; language: string }) =>
  `/lazy-static/video-captions/${c.fileUuid}-${c.language}.vtt`

function listCaptions(ctx: Ctx) {
  const video = findVideo(ctx.app, ctx.params.id)
  if ((video.meta.privacy === 3 || video.meta.privacy === 4) && !ctx.user)
    throw new PtError(401, 'Not authenticated')
  const data = [...video.captions]
    .sort((a, b) => a.language.localeCompare(b.language))
    .map((c) => ({
      language: { id: c.language, label: VOCABULARY.languages[c.language] ?? 'Unknown' },
      automaticallyGenerated: false,
      captionPath: captionPath(c),
      updatedAt: new Date(c.updatedAtMs).toISOString(),
    }))
  return { status: 200, body: { total: data.length, data } }
}

/** SubRip → WebVTT (PeerTube stores captions as .vtt). */
function toVtt(text: string): string {
  if (/^\uFEFF?WEBVTT/.test(text)) return text
  const body = text.replace(/\r\n/g, '\n').replace(/(\d\d:\d\d:\d\d),(\d\d\d)/g, '$1.$2')
  return `WEBVTT\n\n${body}`
}

async function putCaption(ctx: Ctx) {
  const lang = ctx.params.lang ?? ''
  const { files } = await readFields(ctx.req)
  const video = manageable(ctx)
  if (!(lang in VOCABULARY.languages))
    throw invalidParams({ captionLanguage: { value: lang, msg: 'Invalid value', location: 'params' } })
  const file = files.captionfile
  const ext = file ? extname(file.filename).toLowerCase() : ''
  if (!file || !['.vtt', '.srt'].includes(ext) || file.data.length > 20 * 1024 * 1024)
    throw invalidParams({
      captionfile: {
        value: file?.filename,
        msg: 'This caption file is not supported or too large. Please, make sure it is of the following type: .vtt, .srt',
        location: 'body',
      },
    })
  if (ctx.app.settings.captionsLost > 0) {
    ctx.app.settings.captionsLost--
    ctx.app.log(`caption ${lang} of video ${video.id}: answered 204, kept nothing (captionsLost)`)
    return { status: 204 }
  }
  const old = video.captions.find((c) => c.language === lang)
  if (old) rmSync(ctx.app.store.captionPath(old), { force: true })
  const caption = { language: lang, fileUuid: randomUUID(), updatedAtMs: Date.now() }
  writeFileSync(ctx.app.store.captionPath(caption), toVtt(file.data.toString('utf8')))
  video.captions = [...video.captions.filter((c) => c.language !== lang), caption]
  ctx.app.store.save()
  return { status: 204 }
}

function deleteCaption(ctx: Ctx) {
  const video = manageable(ctx)
  const caption = video.captions.find((c) => c.language === ctx.params.lang)
  if (!caption) throw new PtError(404, 'Video caption not found')
  rmSync(ctx.app.store.captionPath(caption), { force: true })
  video.captions = video.captions.filter((c) => c !== caption)
  ctx.app.store.save()
  return JSON_204
}

export const videoRoutes: PtRoute[] = [
  { method: 'GET', path: '/users/me/videos', auth: 'required', docs: 'getMyVideos', handler: myVideos },
  { method: 'GET', path: '/videos/:id', auth: 'optional', docs: 'getVideo', handler: getVideo },
  { method: 'PUT', path: '/videos/:id', auth: 'required', docs: 'putVideo', handler: updateVideo },
  { method: 'DELETE', path: '/videos/:id', auth: 'required', docs: 'delVideo', handler: deleteVideo },
  { method: 'GET', path: '/videos/:id/source', auth: 'required', handler: videoSource },
  { method: 'GET', path: '/videos/:id/captions', auth: 'optional', handler: listCaptions },
  { method: 'PUT', path: '/videos/:id/captions/:lang', auth: 'required', handler: putCaption },
  { method: 'DELETE', path: '/videos/:id/captions/:lang', auth: 'required', handler: deleteCaption },
]
