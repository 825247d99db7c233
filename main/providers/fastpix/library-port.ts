import type { MediaId, TrackId, UploadId } from '../../../common/domain/ids.ts'
import type {
  Media,
  MediaPatch,
  Mp4Option,
  NewTrack,
  Track,
  TrackPatch,
} from '../../../common/domain/media.ts'
import type { UploadSettings } from '../../../common/domain/upload.ts'
import { AppFailure, fail } from '../../../common/ipc/result.ts'
import type { ApiClient } from '../../http/client.ts'
import { createLogger } from '../../logging/log.ts'
import type { LibraryPort, RemotePage } from '../provider.ts'
import { clientIdOf, createWithReconcile } from './reconcile.ts'
import { encodeSpoolMetadata, SPOOL_METADATA_KEY } from '../../../common/domain/spool-metadata.ts'
import {
  ClipListResponseSchema,
  InputInfoResponseSchema,
  MediaListResponseSchema,
  MediaResponseSchema,
  SuccessSchema,
  SummaryPatchResponseSchema,
  SummaryResponseSchema,
  TrackResponseSchema,
  type RawTrack,
} from './schemas.ts'
import { CancelUploadResponseSchema, UploadListResponseSchema } from './schemas-upload.ts'
import { idSegment as seg, liveStreamSegment } from './ids.ts'
import { copiesByFingerprint, toInputInfo, toMedia, toRemoteUpload, toTrack } from './to-domain.ts'

export type LibraryPortOptions = Readonly<{
  /** The destination is Spool's local sandbox: generated text is marked as sandbox output. */
  sandbox?: boolean
}>

const log = createLogger('fastpix-library')

function pageParams(page: number, limit: number): Record<string, number | string> {
  if (!Number.isInteger(page) || page < 1) fail('input/invalid', `Page numbers start at 1 (got ${page}).`)
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    fail('input/invalid', `FastPix lists at most 50 items per page (got ${limit}).`)
  return { limit, offset: page, orderBy: 'desc' }
}

function page<T>(items: T[], p: { totalRecords: number; offsetCount: number }): RemotePage<T> {
  return { items, totalRecords: p.totalRecords, pageCount: p.offsetCount }
}

/** The FastPix library side: every media, track, summary, clip and unused-upload operation. */
export function createFastPixLibraryPort(client: ApiClient, options: LibraryPortOptions = {}): LibraryPort {
  const getMedia = async (id: MediaId): Promise<Media> =>
    toMedia(
      (await client.json('GET', `on-demand/${seg(id)}`, MediaResponseSchema, { what: 'Loading the media' }))
        .data,
    )

  /**
   * Adds a track exactly once. Tracks carry no metadata to tag, so after an ambiguous failure the media is
   * searched for a track that was not there before and matches what was asked: retrying must not add the
   * same subtitles (or pay for generating them) twice.
   */
  const createTrackOnce = async (
    mediaId: MediaId,
    wanted: Readonly<{ type: string; languageCode: string; url?: string }>,
    post: () => Promise<{ data: RawTrack }>,
  ): Promise<Track> => {
    const before = new Set((await getMedia(mediaId)).tracks.map((t) => t.id))
    const isNew = (t: Track): boolean =>
      !before.has(t.id) &&
      t.type === wanted.type &&
      t.languageCode === wanted.languageCode &&
      (t.url === undefined || wanted.url === undefined || t.url === wanted.url)
    return createWithReconcile({
      clientId: `${mediaId} ${wanted.type} ${wanted.languageCode}`,
      post: async () => toTrack((await post()).data),
      findByClientId: async () => (await getMedia(mediaId)).tracks.find(isNew) ?? null,
    })
  }

  const listMedia = async (p: number, limit: number, signal?: AbortSignal): Promise<RemotePage<Media>> => {
    const body = await client.json('GET', 'on-demand', MediaListResponseSchema, {
      searchParams: pageParams(p, limit),
      what: 'Listing the library',
      ...(signal ? { signal } : {}),
    })
    return page(body.data.map(toMedia), body.pagination)
  }

  const patchMedia = async (id: MediaId, path: string, body: unknown, what: string): Promise<Media> =>
    toMedia(
      (await client.json('PATCH', `on-demand/${seg(id)}${path}`, MediaResponseSchema, { body, what })).data,
    )

  return {
    listMedia,
    getMedia,

    async updateMedia(id: MediaId, patch: MediaPatch) {
      const body: Record<string, unknown> = {}
      if (patch.title !== undefined) body.title = patch.title
      if (patch.creatorId !== undefined) body.creatorId = patch.creatorId
      if (patch.metadata !== undefined) body.metadata = patch.metadata
      if (Object.keys(body).length === 0) return getMedia(id)
      return patchMedia(id, '', body, 'Updating the media')
    },

    async deleteMedia(id: MediaId) {
      await client.json('DELETE', `on-demand/${seg(id)}`, SuccessSchema, { what: 'Deleting the media' })
    },

    async createFromUrl(url: string, settings: UploadSettings, clientId: string) {
      const body = {
        inputs: [{ type: 'video', url }],
        accessPolicy: settings.accessPolicy,
        metadata: { ...settings.metadata, [SPOOL_METADATA_KEY]: encodeSpoolMetadata({ clientId }) },
        ...(settings.title ? { title: settings.title } : {}),
        ...(settings.maxResolution ? { maxResolution: settings.maxResolution } : {}),
      }
      return createWithReconcile({
        clientId,
        post: async () =>
          toMedia(
            (
              await client.json('POST', 'on-demand', MediaResponseSchema, {
                body,
                what: 'Creating the media',
              })
            ).data,
          ),
        findByClientId: async (id) => {
          for (let p = 1; p <= 3; p += 1) {
            const found = await listMedia(p, 50)
            const hit = found.items.find((m) => clientIdOf(m.metadata) === id)
            if (hit) return hit
            if (p >= found.pageCount) break
          }
          return null
        },
      })
    },

    async addTrack(mediaId: MediaId, track: NewTrack) {
      if (!('url' in track))
        fail('api/not-supported', 'FastPix adds tracks from a URL only: give --url, not a local file.')
      const body = {
        tracks: {
          url: track.url,
          type: track.type,
          languageCode: track.languageCode,
          languageName: track.languageName,
          ...(track.title ? { title: track.title } : {}),
        },
      }
      return createTrackOnce(mediaId, { ...track, url: track.url }, () =>
        client.json('POST', `on-demand/${seg(mediaId)}/tracks`, TrackResponseSchema, {
          body,
          what: 'Adding the track',
        }),
      )
    },

    async updateTrack(mediaId: MediaId, trackId: TrackId, patch: TrackPatch) {
      // FastPix requires both language fields on every PATCH: fill the missing one from the current track.
      let { languageCode, languageName } = patch
      if (languageCode === undefined || languageName === undefined) {
        const current = (await getMedia(mediaId)).tracks.find((t) => t.id === trackId)
        if (!current) fail('api/not-found', `Track ${trackId} is not on media ${mediaId}.`)
        languageCode ??= current.languageCode ?? 'und'
        languageName ??= current.languageName ?? 'default'
      }
      const body = {
        languageCode,
        languageName,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
      }
      const res = await client.json(
        'PATCH',
        `on-demand/${seg(mediaId)}/tracks/${seg(trackId)}`,
        TrackResponseSchema,
        {
          body,
          what: 'Updating the track',
        },
      )
      return toTrack(res.data)
    },

    async deleteTrack(mediaId: MediaId, trackId: TrackId) {
      await client.json('DELETE', `on-demand/${seg(mediaId)}/tracks/${seg(trackId)}`, SuccessSchema, {
        what: 'Deleting the track',
      })
    },

    async generateSubtitles(mediaId: MediaId, trackId: TrackId, languageCode: string, languageName: string) {
      return createTrackOnce(mediaId, { type: 'subtitle', languageCode }, () =>
        client.json(
          'POST',
          `on-demand/${seg(mediaId)}/tracks/${seg(trackId)}/generate-subtitles`,
          TrackResponseSchema,
          { body: { languageCode, languageName }, what: 'Generating subtitles' },
        ),
      )
    },

    async getSummary(mediaId: MediaId) {
      try {
        const res = await client.json('GET', `on-demand/${seg(mediaId)}/summary`, SummaryResponseSchema, {
          what: 'Loading the summary',
        })
        const text = res.data ?? ''
        if (text.trim() === '') return { state: 'preparing' } as const
        return {
          state: 'ready',
          text,
          sandbox: options.sandbox === true || /\bsandbox\b/i.test(text),
        } as const
      } catch (caught) {
        // Before generation FastPix answers 400 "Summary not enabled" (ARCHITECTURE.md §9).
        if (caught instanceof AppFailure && caught.appError.status === 400)
          return { state: 'not-generated' } as const
        throw caught
      }
    },

    async generateSummary(mediaId: MediaId, length?: number) {
      if (length !== undefined && (!Number.isInteger(length) || length < 30 || length > 250))
        fail('input/invalid', `A summary length is a whole number of words from 30 to 250 (got ${length}).`)
      await client.json('PATCH', `on-demand/${seg(mediaId)}/summary`, SummaryPatchResponseSchema, {
        body: { generate: true, ...(length !== undefined ? { summaryLength: length } : {}) },
        what: 'Generating the summary',
      })
    },

    setSourceAccess: (mediaId: MediaId, on: boolean) =>
      patchMedia(mediaId, '/source-access', { sourceAccess: on }, 'Changing source access'),

    setMp4Support: (mediaId: MediaId, option: Mp4Option) =>
      patchMedia(mediaId, '/update-mp4Support', { mp4Support: option }, 'Changing MP4 support'),

    async getInputInfo(mediaId: MediaId) {
      const res = await client.json('GET', `on-demand/${seg(mediaId)}/input-info`, InputInfoResponseSchema, {
        what: 'Loading the input info',
      })
      return toInputInfo(res.data)
    },

    async listUnusedUploads(p: number, limit: number) {
      const body = await client.json('GET', 'on-demand/uploads', UploadListResponseSchema, {
        searchParams: pageParams(p, limit),
        what: 'Listing unused uploads',
      })
      return page(body.data.map(toRemoteUpload), body.pagination)
    },

    async cancelUpload(uploadId: UploadId) {
      const res = await client.json(
        'PUT',
        `on-demand/upload/${seg(uploadId)}/cancel`,
        CancelUploadResponseSchema,
        {
          what: 'Cancelling the upload',
        },
      )
      log.info('upload cancelled', { uploadId, status: res.data.status })
    },

    // Spool's key on every media it uploaded carries the file's fingerprint: the cache alone can tell.
    findCopies: (files, cached) => Promise.resolve(copiesByFingerprint(files, cached)),

    async listMediaClips(mediaId: MediaId, p: number, limit: number) {
      const body = await client.json('GET', `on-demand/${seg(mediaId)}/media-clips`, ClipListResponseSchema, {
        searchParams: pageParams(p, limit),
        what: 'Listing the clips',
      })
      return page(body.data, body.pagination)
    },

    async listLiveClips(streamId: string, p: number, limit: number) {
      const body = await client.json(
        'GET',
        `on-demand/${liveStreamSegment(streamId)}/live-clips`,
        ClipListResponseSchema,
        {
          searchParams: pageParams(p, limit),
          what: 'Listing the live clips',
        },
      )
      return page(body.data, body.pagination)
    },
  }
}
