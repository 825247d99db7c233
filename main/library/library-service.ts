import { randomUUID } from 'node:crypto'
import type { AccountName, MediaId, TrackId, UploadId } from '../../common/domain/ids.ts'
import { isSpoolKey, SPOOL_METADATA_KEY, userMetadata } from '../../common/domain/spool-metadata.ts'
import type {
  Clip,
  InputInfo,
  LibraryQuery,
  Media,
  MediaSummary,
  Mp4Option,
  NewTrack,
  Page,
  Track,
  TrackPatch,
  UnusedUpload,
} from '../../common/domain/media.ts'
import type { UploadSettings, VideoPrivacy } from '../../common/domain/upload.ts'
import type { BulkReport } from '../../common/ipc/reply-schemas.ts'
import { AppFailure, fail, toAppError, type AppError } from '../../common/ipc/result.ts'
import type { WritableDb } from '../db/database.ts'
import type { Provider } from '../providers/provider.ts'
import {
  cacheInfo,
  getCached,
  queryCache,
  cachedFolders,
  removeCached,
  replaceCache,
  upsertCached,
  type CacheInfo,
} from './library-cache.ts'
import { checkMetadata, mergeMetadata, type MetadataChanges } from './metadata.ts'
import { pageAll } from './page-all.ts'
import { classifyUnusedUpload, type LookupJobByUploadId } from './unused-uploads.ts'

export type LibraryServiceDeps = Readonly<{
  db: WritableDb
  /** The provider of an account (the caller keeps destinations open and closes them). */
  providerFor: (account: AccountName) => Provider | Promise<Provider>
  /** The upload queue's view of an upload id; without it every unused upload is 'orphaned' or 'expired'. */
  lookupJobByUploadId?: LookupJobByUploadId
  now?: () => number
}>

/** An edit of a media: title/creator, and metadata as changes merged into the current map or a whole map. */
export type MediaEdit = Readonly<{
  title?: string
  creatorId?: string
  metadataChanges?: MetadataChanges
  metadata?: Readonly<Record<string, string>>
}>

/** The result of cancelling one upload in a batch. */
export type CancelResult = Readonly<{ uploadId: string; ok: boolean; error?: AppError }>

/** The library for the IPC layer and the CLI: a SQLite cache plus every single-item operation. */
export type LibraryService = ReturnType<typeof createLibraryService>

const ALL_PAGES_CAP = 200

const DESTINATION_NAMES = { fastpix: 'FastPix', peertube: 'PeerTube' } as const

async function collect<T>(fetch: (page: number) => Promise<{ items: ReadonlyArray<T>; pageCount: number }>) {
  const out: T[] = []
  for (let p = 1; p <= ALL_PAGES_CAP; p += 1) {
    const page = await fetch(p)
    out.push(...page.items)
    if (page.items.length === 0 || p >= page.pageCount) break
  }
  return out
}

/** Creates the library service; every write refreshes the cached item. */
export function createLibraryService(deps: LibraryServiceDeps) {
  const { db } = deps
  const now = deps.now ?? Date.now
  const iso = (): string => new Date(now()).toISOString()
  const lib = async (account: AccountName) => (await deps.providerFor(account)).library

  const cache = (account: AccountName, media: Media): Media => {
    upsertCached(db, account, media, iso())
    return media
  }

  /** Re-reads one item after a write; a 404 drops it from the cache. */
  const reload = async (account: AccountName, id: MediaId): Promise<Media | null> => {
    try {
      return cache(account, await (await lib(account)).getMedia(id))
    } catch (caught) {
      if (caught instanceof AppFailure && caught.appError.code === 'api/not-found') {
        removeCached(db, account, id)
        return null
      }
      throw caught
    }
  }

  const deleteOne = async (account: AccountName, id: MediaId): Promise<void> => {
    await (await lib(account)).deleteMedia(id)
    removeCached(db, account, id)
  }

  /** Cancels each upload; one failure does not stop the others. */
  const cancelUploads = async (
    account: AccountName,
    uploadIds: ReadonlyArray<UploadId>,
  ): Promise<CancelResult[]> => {
    const library = await lib(account)
    const results: CancelResult[] = []
    for (const uploadId of uploadIds) {
      try {
        await library.cancelUpload(uploadId)
        results.push({ uploadId, ok: true })
      } catch (caught) {
        results.push({ uploadId, ok: false, error: toAppError(caught) })
      }
    }
    return results
  }

  return {
    /** Pages every page of the remote library (limit 50), dedupes by id and replaces the cache at once. */
    async refresh(account: AccountName, signal?: AbortSignal): Promise<CacheInfo & { totalRecords: number }> {
      const library = await lib(account)
      const result = await pageAll((p, limit) => library.listMedia(p, limit, signal), {
        limit: 50,
        ...(signal ? { signal } : {}),
      })
      replaceCache(db, account, result.items, iso())
      return { ...cacheInfo(db, account), totalRecords: result.totalRecords }
    },

    /** Searches the local cache only (works offline). */
    query: (account: AccountName, query: LibraryQuery): Page<Media> => queryCache(db, account, query),

    cacheInfo: (account: AccountName): CacheInfo => cacheInfo(db, account),

    /** The folders the cached media came from (Spool's metadata), for the library's folder filter. */
    folders: (account: AccountName): string[] => cachedFolders(db, account),

    cached: (account: AccountName, id: MediaId): Media | null => getCached(db, account, id),

    async get(account: AccountName, id: MediaId): Promise<Media> {
      const media = await reload(account, id)
      if (!media)
        throw new AppFailure({ code: 'api/not-found', message: `Media ${id} does not exist (any more).` })
      return media
    },

    /** Title/creator edits and metadata: changes are merged into the current remote map, the whole map is sent. */
    async update(account: AccountName, id: MediaId, edit: MediaEdit): Promise<Media> {
      const provider = await deps.providerFor(account)
      let metadata: Record<string, string> | undefined
      // Spool's own key (folder, fingerprint, client id) is read-only: kept as it is on the media.
      if (edit.metadataChanges) {
        if (Object.keys(edit.metadataChanges).some(isSpoolKey))
          fail('input/invalid', "Spool's own metadata (folder, fingerprint, client id) cannot be edited.")
        const current = await provider.library.getMedia(id)
        metadata = mergeMetadata(current.metadata, edit.metadataChanges, provider.capabilities.metadataLimits)
      } else if (edit.metadata) {
        const current = await provider.library.getMedia(id)
        const own = Object.fromEntries(Object.entries(current.metadata).filter(([k]) => isSpoolKey(k)))
        metadata = { ...userMetadata(edit.metadata), ...own }
        checkMetadata(metadata, provider.capabilities.metadataLimits)
      }
      await provider.library.updateMedia(id, {
        ...(edit.title !== undefined ? { title: edit.title } : {}),
        ...(edit.creatorId !== undefined ? { creatorId: edit.creatorId } : {}),
        ...(metadata ? { metadata } : {}),
      })
      return (await reload(account, id)) ?? (await provider.library.getMedia(id))
    },

    delete: deleteOne,

    /** Deletes each media in turn; one failure does not stop the others. */
    async deleteMany(account: AccountName, ids: ReadonlyArray<MediaId>): Promise<BulkReport<MediaId>> {
      const done: MediaId[] = []
      const failed: { id: MediaId; error: AppError }[] = []
      for (const id of ids) {
        try {
          await deleteOne(account, id)
          done.push(id)
        } catch (caught) {
          failed.push({ id, error: toAppError(caught) })
        }
      }
      return { done, failed }
    },

    /** Create from URL, tagged with a client id so an ambiguous failure is reconciled, never duplicated. */
    async createFromUrl(
      account: AccountName,
      url: string,
      settings?: Partial<UploadSettings>,
    ): Promise<Media> {
      const provider = await deps.providerFor(account)
      const full: UploadSettings = { accessPolicy: 'public', metadata: {}, ...settings }
      checkMetadata(
        { ...userMetadata(full.metadata), [SPOOL_METADATA_KEY]: 'x' },
        provider.capabilities.metadataLimits,
      )
      const created = await provider.library.createFromUrl(url, full, randomUUID())
      return (await reload(account, created.id)) ?? cache(account, created)
    },

    async addTrack(account: AccountName, mediaId: MediaId, track: NewTrack): Promise<Track> {
      const added = await (await lib(account)).addTrack(mediaId, track)
      await reload(account, mediaId)
      return added
    },

    async updateTrack(
      account: AccountName,
      mediaId: MediaId,
      trackId: TrackId,
      patch: TrackPatch,
    ): Promise<Track> {
      const updated = await (await lib(account)).updateTrack(mediaId, trackId, patch)
      await reload(account, mediaId)
      return updated
    },

    async deleteTrack(account: AccountName, mediaId: MediaId, trackId: TrackId): Promise<void> {
      await (await lib(account)).deleteTrack(mediaId, trackId)
      await reload(account, mediaId)
    },

    async generateSubtitles(
      account: AccountName,
      mediaId: MediaId,
      trackId: TrackId,
      languageCode: string,
      languageName: string,
    ): Promise<Track> {
      const track = await (await lib(account)).generateSubtitles(mediaId, trackId, languageCode, languageName)
      await reload(account, mediaId)
      return track
    },

    summary: async (account: AccountName, mediaId: MediaId): Promise<MediaSummary> =>
      (await lib(account)).getSummary(mediaId),

    async generateSummary(account: AccountName, mediaId: MediaId, length?: number): Promise<MediaSummary> {
      const library = await lib(account)
      await library.generateSummary(mediaId, length)
      await reload(account, mediaId)
      return library.getSummary(mediaId)
    },

    setMp4Support: async (account: AccountName, mediaId: MediaId, option: Mp4Option): Promise<Media> =>
      cache(account, await (await lib(account)).setMp4Support(mediaId, option)),

    /** Who can watch the media, where the destination lets it change after upload (PeerTube). */
    async setPrivacy(account: AccountName, mediaId: MediaId, privacy: VideoPrivacy): Promise<Media> {
      const provider = await deps.providerFor(account)
      const choices = provider.capabilities.privacyChoices ?? []
      const name = DESTINATION_NAMES[provider.kind]
      if (!provider.library.setPrivacy || choices.length === 0)
        fail('api/not-supported', `A media's privacy cannot be changed on ${name} after upload.`)
      if (!choices.includes(privacy))
        fail('input/invalid', `"${privacy}" is not a privacy ${name} offers (${choices.join(', ')}).`)
      return cache(account, await provider.library.setPrivacy(mediaId, privacy))
    },

    setSourceAccess: async (account: AccountName, mediaId: MediaId, on: boolean): Promise<Media> =>
      cache(account, await (await lib(account)).setSourceAccess(mediaId, on)),

    inputInfo: async (account: AccountName, mediaId: MediaId): Promise<InputInfo> =>
      (await lib(account)).getInputInfo(mediaId),

    /** Every clip of a media (all pages). */
    async mediaClips(account: AccountName, mediaId: MediaId): Promise<Clip[]> {
      const library = await lib(account)
      return collect((p) => library.listMediaClips(mediaId, p, 50))
    },

    /** Every clip of a live stream (32-hex id; all pages). */
    async liveClips(account: AccountName, streamId: string): Promise<Clip[]> {
      const library = await lib(account)
      return collect((p) => library.listLiveClips(streamId, p, 50))
    },

    /** Waiting uploads crossed with the local queue: resumable here, orphaned or expired, with age and expiry. */
    async unusedUploads(account: AccountName): Promise<UnusedUpload[]> {
      const library = await lib(account)
      const remote = await collect((p) => library.listUnusedUploads(p, 50))
      const t = now()
      return Promise.all(
        remote.map(async (r) =>
          classifyUnusedUpload(r, (await deps.lookupJobByUploadId?.(r.uploadId)) ?? null, t),
        ),
      )
    },

    cancelUploads,

    /** Cancels each upload, as a report of which were cancelled and why the others were not. */
    async cancelMany(
      account: AccountName,
      uploadIds: ReadonlyArray<UploadId>,
    ): Promise<BulkReport<UploadId>> {
      const done: UploadId[] = []
      const failed: { id: UploadId; error: AppError }[] = []
      for (const r of await cancelUploads(account, uploadIds)) {
        const id = r.uploadId as UploadId
        if (r.ok) done.push(id)
        else failed.push({ id, error: r.error ?? toAppError(null) })
      }
      return { done, failed }
    },
  }
}
