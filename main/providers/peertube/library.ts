import { openAsBlob } from 'node:fs'
import { basename, extname } from 'node:path'
import { setTimeout as pause } from 'node:timers/promises'
import type { Media, Track } from '../../../common/domain/media.ts'
import type { ContentProbe, RemoteCopy } from '../provider.ts'
import type { PeerTubeApiClient } from './api-client.ts'
import { hasReason, peerTubeFailure } from './errors.ts'
import type { PeerTubeVideoFields } from './resumable.ts'
import { apiUrl, languageRef, videoRef } from './routes.ts'
import {
  CaptionListSchema,
  MeSchema,
  QuotaUsedSchema,
  ServerConfigSchema,
  VideoListSchema,
  VideoConstantsSchema,
  VideoSchema,
  VideoSourceSchema,
  type VideoSource,
  type Channel,
  type Me,
  type QuotaUsed,
  type RawVideo,
  type ServerConfig,
} from './schemas.ts'
import { toCaptionTrack, toMedia } from './to-domain.ts'

/** Any of PeerTube's three id forms (validated before it reaches a URL). */
export type VideoId = string | number

/** Fields a PUT /videos/{id} may change (only those given are sent). */
export type PeerTubeVideoPatch = Partial<PeerTubeVideoFields>

export type ListVideosRequest = Readonly<{
  /** 0-based offset. */
  start: number
  /** Page size, 1–100. */
  count: number
  search?: string
  /** e.g. '-createdAt' (default), 'name', '-duration'. */
  sort?: string
  signal?: AbortSignal
}>

export type VideoConstantKind = 'languages' | 'categories' | 'privacies' | 'licences'

export type VideoPage = Readonly<{ total: number; items: ReadonlyArray<Media>; raw: ReadonlyArray<RawVideo> }>

/** The library side of one PeerTube account. */
export type PeerTubeLibrary = Readonly<{
  config(signal?: AbortSignal): Promise<ServerConfig>
  me(signal?: AbortSignal): Promise<Me>
  channels(signal?: AbortSignal): Promise<ReadonlyArray<Channel>>
  quotaUsed(signal?: AbortSignal): Promise<QuotaUsed>
  /** The instance's id → label lists for the upload form (public routes). */
  videoConstants(kind: VideoConstantKind, signal?: AbortSignal): Promise<Readonly<Record<string, string>>>
  listMyVideos(request: ListVideosRequest): Promise<VideoPage>
  getRawVideo(id: VideoId, signal?: AbortSignal): Promise<RawVideo>
  /** What the owner uploaded for the video (file name and size); PeerTube 6.1+. */
  videoSource(id: VideoId, signal?: AbortSignal): Promise<VideoSource>
  /** The video with its captions as subtitle tracks. */
  getVideo(id: VideoId, signal?: AbortSignal): Promise<Media>
  updateVideo(id: VideoId, patch: PeerTubeVideoPatch, signal?: AbortSignal): Promise<void>
  /** An already-deleted video counts as done. */
  deleteVideo(id: VideoId, signal?: AbortSignal): Promise<void>
  listCaptions(id: VideoId, signal?: AbortSignal): Promise<ReadonlyArray<Track>>
  /** Adds or replaces the caption of `language` from a local .vtt or .srt file. */
  addCaption(id: VideoId, language: string, filePath: string, signal?: AbortSignal): Promise<void>
  /** An already-deleted caption counts as done. */
  deleteCaption(id: VideoId, language: string, signal?: AbortSignal): Promise<void>
  /** Replaces the thumbnail from a local .jpg/.png/.webp image. */
  setThumbnail(id: VideoId, imagePath: string, signal?: AbortSignal): Promise<void>
}>

/**
 * How many times a caption is sent before Spool gives up on it. PeerTube 6.3.2 can answer 204 and keep nothing:
 * its caption insert runs in a transaction it retries after a database error, and the retry saves a model
 * instance Sequelize already counts as saved, so nothing is written (seen against a real server: the row's id
 * taken, no row, no removal logged; a manifest row said done with its caption missing). So every PUT is read
 * back, and sent again while the language is missing.
 */
const CAPTION_SENDS = 3

/**
 * How many times a thumbnail is sent when PeerTube answers a server error, and the pause before each resend. A
 * busy real 6.3.2 answered a thumbnail PUT with 500 "ENOENT … open '…/storage/tmp/<hex>.png'": its video
 * update transaction hit a serialization failure beside another video's update, and the retry it makes itself
 * looked for the uploaded image its first attempt had already taken. Sent again, the request is whole.
 */
const THUMBNAIL_SENDS = 3
const THUMBNAIL_RESEND_PAUSE_MS = 1000

const CAPTION_TYPES: Readonly<Record<string, string>> = { '.vtt': 'text/vtt', '.srt': 'application/x-subrip' }
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
}

/** A multipart body with one file field, read from disk each time it is (re)built. */
function fileForm(
  field: string,
  path: string,
  types: Readonly<Record<string, string>>,
  what: string,
): () => Promise<FormData> {
  const type = types[extname(path).toLowerCase()]
  if (!type)
    throw peerTubeFailure(
      'validation',
      'input/invalid',
      `${what} must be one of ${Object.keys(types).join(', ')}.`,
    )
  return async () => {
    let blob: Blob
    try {
      blob = await openAsBlob(path, { type })
    } catch {
      throw peerTubeFailure('other', 'upload/source-unreadable', `${what} cannot be read: ${basename(path)}.`)
    }
    const form = new FormData()
    form.append(field, blob, basename(path))
    return form
  }
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {}
}

/** Builds the library of one account. */
export function createPeerTubeLibrary(client: PeerTubeApiClient): PeerTubeLibrary {
  const base = client.instanceUrl
  const videoUrl = (id: VideoId, ...rest: string[]): URL => apiUrl(base, ['videos', videoRef(id), ...rest])

  async function listCaptions(id: VideoId, signal?: AbortSignal): Promise<ReadonlyArray<Track>> {
    const list = await client.json('GET', videoUrl(id, 'captions'), CaptionListSchema, {
      what: 'Listing the captions',
      ...withSignal(signal),
    })
    return list.data.map((c) => toCaptionTrack(base, c))
  }

  async function getRawVideo(id: VideoId, signal?: AbortSignal): Promise<RawVideo> {
    return client.json('GET', videoUrl(id), VideoSchema, { what: 'Loading the video', ...withSignal(signal) })
  }

  const me = (signal?: AbortSignal): Promise<Me> =>
    client.json('GET', apiUrl(base, ['users', 'me']), MeSchema, {
      what: 'Loading the account',
      ...withSignal(signal),
    })

  return {
    config: (signal) =>
      client.json('GET', apiUrl(base, ['config']), ServerConfigSchema, {
        anonymous: true,
        what: 'Reading the instance settings',
        ...withSignal(signal),
      }),
    me,
    async channels(signal) {
      return (await me(signal)).videoChannels
    },
    quotaUsed: (signal) =>
      client.json('GET', apiUrl(base, ['users', 'me', 'video-quota-used']), QuotaUsedSchema, {
        what: 'Reading the quota',
        ...withSignal(signal),
      }),

    videoConstants: (kind, signal) =>
      client.json('GET', apiUrl(base, ['videos', kind]), VideoConstantsSchema, {
        anonymous: true,
        what: 'Reading the instance settings',
        ...withSignal(signal),
      }),

    async listMyVideos({ start, count, search, sort, signal }) {
      if (
        !Number.isSafeInteger(start) ||
        start < 0 ||
        !Number.isSafeInteger(count) ||
        count < 1 ||
        count > 100
      )
        throw peerTubeFailure(
          'validation',
          'input/invalid',
          'The page must start at 0 or later and hold 1 to 100 videos.',
        )
      const url = apiUrl(base, ['users', 'me', 'videos'], {
        start,
        count,
        sort: sort ?? '-createdAt',
        ...(search ? { search } : {}),
      })
      const page = await client.json('GET', url, VideoListSchema, {
        what: 'Listing your videos',
        ...withSignal(signal),
      })
      return { total: page.total, items: page.data.map((v) => toMedia(base, v)), raw: page.data }
    },

    getRawVideo,

    videoSource: (id, signal) =>
      client.json('GET', videoUrl(id, 'source'), VideoSourceSchema, {
        what: 'Reading what was uploaded',
        ...withSignal(signal),
      }),

    async getVideo(id, signal) {
      const [video, captions] = await Promise.all([
        getRawVideo(id, signal),
        client.json('GET', videoUrl(id, 'captions'), CaptionListSchema, {
          what: 'Listing the captions',
          ...withSignal(signal),
        }),
      ])
      return toMedia(base, video, captions.data)
    },

    async updateVideo(id, patch, signal) {
      await client.noContent('PUT', videoUrl(id), {
        body: { json: patch },
        what: 'Updating the video',
        ...withSignal(signal),
      })
    },

    async deleteVideo(id, signal) {
      try {
        await client.noContent('DELETE', videoUrl(id), { what: 'Deleting the video', ...withSignal(signal) })
      } catch (caught) {
        if (hasReason(caught, 'not-found')) return
        throw caught
      }
    },

    listCaptions,

    async addCaption(id, language, filePath, signal) {
      const url = videoUrl(id, 'captions', languageRef(language))
      const multipart = fileForm('captionfile', filePath, CAPTION_TYPES, 'The caption file')
      for (let sent = 1; ; sent++) {
        await client.noContent('PUT', url, {
          body: { multipart },
          what: 'Adding the caption',
          ...withSignal(signal),
        })
        // Read back (CAPTION_SENDS): a 204 is not proof that the caption was kept.
        if ((await listCaptions(id, signal)).some((t) => t.languageCode === language)) return
        if (sent === CAPTION_SENDS)
          throw peerTubeFailure(
            'server',
            'api/server',
            `PeerTube accepted the ${language} caption ${sent} times but does not list it.`,
          )
      }
    },

    async deleteCaption(id, language, signal) {
      const url = videoUrl(id, 'captions', languageRef(language))
      try {
        await client.noContent('DELETE', url, { what: 'Deleting the caption', ...withSignal(signal) })
      } catch (caught) {
        if (hasReason(caught, 'not-found')) return
        throw caught
      }
    },

    async setThumbnail(id, imagePath, signal) {
      const multipart = fileForm('thumbnailfile', imagePath, IMAGE_TYPES, 'The thumbnail')
      for (let sent = 1; ; sent++) {
        try {
          return await client.noContent('PUT', videoUrl(id), {
            body: { multipart },
            what: 'Changing the thumbnail',
            ...withSignal(signal),
          })
        } catch (caught) {
          if (sent === THUMBNAIL_SENDS || !hasReason(caught, 'server')) throw caught
          await pause(THUMBNAIL_RESEND_PAUSE_MS, undefined, withSignal(signal))
        }
      }
    },
  }
}

/** Videos asked about per file at most (each is one GET /videos/{id}/source). */
const SOURCE_LOOKUPS_PER_FILE = 8

const sameDuration = (a: number | null, b: number | null): boolean =>
  a !== null && b !== null && b > 0 && Math.abs(Math.round(a) - b) <= 1

/**
 * The user's videos that hold the probed files (issue 13 §2). PeerTube keeps no metadata of ours, so a
 * video is the same content when what the owner uploaded (GET /videos/{id}/source) has the file's size and
 * either its original name or, for a renamed copy, its duration. Candidates come from the cached videos — a
 * title that is the file's name without its extension (Spool's default) or the same duration — so only a
 * few videos are asked about; a video whose source is gone (404) is not a copy.
 */
export async function findCopiesOnPeerTube(
  library: Pick<PeerTubeLibrary, 'videoSource'>,
  files: ReadonlyArray<ContentProbe>,
  cached: ReadonlyArray<Media>,
  signal?: AbortSignal,
): Promise<RemoteCopy[]> {
  const sources = new Map<string, Promise<VideoSource | null>>()
  const sourceOf = (id: string): Promise<VideoSource | null> => {
    let known = sources.get(id)
    if (!known) {
      known = library.videoSource(id, signal).catch((caught: unknown) => {
        if (hasReason(caught, 'not-found')) return null
        throw caught
      })
      sources.set(id, known)
    }
    return known
  }
  const copies: RemoteCopy[] = []
  const live = cached.filter((m) => m.status !== 'Failed')
  for (const file of files) {
    const stem = file.name.replace(/\.[^.]+$/, '')
    const duration = await file.readDuration()
    const candidates = live
      .filter((m) => m.title === stem || sameDuration(duration, m.durationSeconds))
      .slice(0, SOURCE_LOOKUPS_PER_FILE)
    for (const media of candidates) {
      const source = await sourceOf(media.id)
      if (!source || source.size !== file.size) continue
      const name = source.inputFilename ?? source.filename
      if (name === file.name || sameDuration(duration, media.durationSeconds)) {
        copies.push({ path: file.path, mediaId: media.id, title: media.title })
        break
      }
    }
  }
  return copies
}
