import { randomUUID } from 'node:crypto'
import { ApiError, notFound } from './http-util.ts'
import type { MediaRecord, TrackRecord } from './model.ts'
import { body, ok, requireMedia, requireReady, touch, type RouteContext, type RouteDef } from './route-kit.ts'
import { addTrackBody, generateSubtitlesBody, parseBody, requireUuid, updateTrackBody } from './schemas.ts'
import { startTrackFetch } from './track-fetch.ts'
import { renderTrackChange } from './views.ts'

function requireTrack(ctx: RouteContext, media: MediaRecord): TrackRecord {
  const id = requireUuid('trackId', ctx.params.trackId)
  const track = media.tracks.find((t) => t.id === id)
  if (!track) throw notFound('Track')
  return track
}

/** Track routes: add by URL, update language/title, delete, generate subtitles. */
export const trackRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/v1/on-demand/:mediaId/tracks',
    handler: async (ctx) => {
      const media = requireMedia(ctx)
      const { tracks: input } = parseBody(addTrackBody, await body(ctx))
      requireReady(media)
      // Like FastPix, the answer comes at once and the file is fetched afterwards: the track is preparing
      // until it has been fetched and checked, then available or failed (track-fetch.ts).
      const track: TrackRecord = {
        id: randomUUID(),
        type: input.type,
        origin: 'added',
        url: input.url,
        languageCode: input.languageCode,
        languageName: input.languageName,
        ...(input.title !== undefined ? { title: input.title } : {}),
        pending: true,
      }
      media.tracks.push(track)
      touch(ctx, media)
      startTrackFetch(ctx.app, media.id, track.id, input.url)
      return ok(renderTrackChange(track), 201)
    },
  },
  {
    method: 'PATCH',
    path: '/v1/on-demand/:mediaId/tracks/:trackId',
    handler: async (ctx) => {
      const media = requireMedia(ctx)
      const track = requireTrack(ctx, media)
      const input = parseBody(updateTrackBody, await body(ctx))
      if (track.type === 'video')
        throw new ApiError(400, 'track cannot be updated', 'Only audio and subtitle tracks can be updated')
      // The track's file (url) cannot be changed, only its language and title (newer FastPix spec).
      track.languageCode = input.languageCode
      track.languageName = input.languageName
      if (input.title !== undefined) track.title = input.title
      touch(ctx, media)
      return ok(renderTrackChange(track))
    },
  },
  {
    method: 'DELETE',
    path: '/v1/on-demand/:mediaId/tracks/:trackId',
    handler: (ctx) => {
      const media = requireMedia(ctx)
      const track = requireTrack(ctx, media)
      media.tracks = media.tracks.filter((t) => t.id !== track.id)
      touch(ctx, media)
      return { status: 200, body: { success: true } }
    },
  },
  {
    method: 'POST',
    path: '/v1/on-demand/:mediaId/tracks/:trackId/generate-subtitles',
    handler: async (ctx) => {
      const media = requireMedia(ctx)
      const source = requireTrack(ctx, media)
      const input = parseBody(generateSubtitlesBody, await body(ctx))
      if (source.type !== 'audio')
        throw new ApiError(
          400,
          'subtitles cannot be generated',
          'Subtitles are generated from an audio track',
        )
      requireReady(media)
      const track: TrackRecord = {
        id: randomUUID(),
        type: 'subtitle',
        origin: 'generated',
        languageCode: input.languageCode,
        languageName: input.languageName,
        ...(input.title !== undefined ? { title: input.title } : {}),
        readyAtMs: Date.now() + ctx.app.readyAfterMs,
      }
      media.tracks.push(track)
      touch(ctx, media)
      // 200, not 201: the real endpoint answers 200 (ARCHITECTURE.md §9).
      return ok({
        id: track.id,
        type: 'subtitle',
        languageCode: track.languageCode,
        languageName: track.languageName,
      })
    },
  },
]
