import type { ExternalLink } from '../domain/links.ts'
import type { AccountName, JobId, MediaId, TrackId, UploadId } from '../domain/ids.ts'
import type { AccountSummary, NewAccount } from '../domain/account.ts'
import type {
  Clip,
  InputInfo,
  LibraryQuery,
  Media,
  MediaPatch,
  MediaSummary,
  Mp4Option,
  NewTrack,
  Page,
  Track,
  TrackPatch,
  UnusedUpload,
} from '../domain/media.ts'
import type { Settings } from '../domain/settings.ts'
import type { EnqueueReport, UploadJob, UploadProgress, UploadSettings } from '../domain/upload.ts'
import type { IpcResult } from './result.ts'
import type {
  AppCommand,
  AppInfo,
  BulkReport,
  DialogEnqueueResult,
  PickKind,
  UploadsChanged,
} from './channels.ts'

/** Every call answers with an IpcResult: the renderer never sees an exception from main. */
type Call<T> = Promise<IpcResult<T>>
/** Subscribes to an event; returns the unsubscribe function. */
type Subscribe<T> = (listener: (payload: T) => void) => () => void
/** A File from a drop event, opaque here (common/ has no DOM types); only the preload resolves it. */
export type DroppedFile = object
/** Which jobs: some ids, or all of them. */
export type Jobs = ReadonlyArray<JobId> | 'all'

/**
 * `window.spool`: the narrow, intention-named facade the preload exposes (STYLE.md §2), grouped by domain.
 * No generic invoke, no ipcRenderer. Built by preload/api.ts `createSpoolApi` from the contract.
 */
export type Api = Readonly<{
  uploads: Readonly<{
    list(): Call<ReadonlyArray<UploadJob>>
    /** Resolves dropped File objects to paths (Electron's webUtils) and enqueues them. */
    enqueueFiles(files: ReadonlyArray<DroppedFile>, settings: UploadSettings): Call<EnqueueReport>
    /** Shows main's Add files… / Add folder… dialog and enqueues the choice. */
    pickAndEnqueue(kind: PickKind, settings: UploadSettings): Call<DialogEnqueueResult>
    pause(jobs: Jobs): Call<null>
    resume(jobs: Jobs): Call<null>
    cancel(jobs: Jobs): Call<null>
    retry(jobs: Jobs): Call<null>
    clearDone(): Call<null>
    onChanged: Subscribe<UploadsChanged>
    onProgress: Subscribe<ReadonlyArray<UploadProgress>>
  }>
  library: Readonly<{
    refresh(): Call<null>
    query(query: LibraryQuery): Call<Page<Media>>
    get(id: MediaId): Call<Media>
    update(id: MediaId, patch: MediaPatch): Call<Media>
    delete(ids: ReadonlyArray<MediaId>): Call<BulkReport<MediaId>>
    summary(id: MediaId): Call<MediaSummary>
    generateSummary(id: MediaId): Call<null>
    setMp4Support(id: MediaId, option: Mp4Option): Call<Media>
    setSourceAccess(id: MediaId, on: boolean): Call<Media>
    inputInfo(id: MediaId): Call<InputInfo>
    clips(id: MediaId): Call<ReadonlyArray<Clip>>
    onChanged: Subscribe<null>
  }>
  tracks: Readonly<{
    add(mediaId: MediaId, track: NewTrack): Call<Track>
    update(mediaId: MediaId, trackId: TrackId, patch: TrackPatch): Call<Track>
    delete(mediaId: MediaId, trackId: TrackId): Call<null>
    generateSubtitles(
      mediaId: MediaId,
      trackId: TrackId,
      languageCode: string,
      languageName: string,
    ): Call<Track>
  }>
  unused: Readonly<{
    list(): Call<ReadonlyArray<UnusedUpload>>
    cancel(uploadIds: ReadonlyArray<UploadId>): Call<BulkReport<UploadId>>
  }>
  accounts: Readonly<{
    list(): Call<ReadonlyArray<AccountSummary>>
    add(account: NewAccount): Call<AccountSummary>
    remove(name: AccountName): Call<null>
    select(name: AccountName): Call<AccountSummary>
    test(name: AccountName): Call<null>
    onChanged: Subscribe<ReadonlyArray<AccountSummary>>
  }>
  settings: Readonly<{
    get(): Call<Settings>
    update(patch: Partial<Settings>): Call<Settings>
    onChanged: Subscribe<Settings>
  }>
  app: Readonly<{
    info(): Call<AppInfo>
    /** Opens a named place (FastPix's site, docs, dashboard) in the system browser. */
    openLink(link: ExternalLink): Call<null>
    onNetwork: Subscribe<Readonly<{ online: boolean }>>
    onCommand: Subscribe<AppCommand>
  }>
}>
