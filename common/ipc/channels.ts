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
import type {
  EnqueueReport,
  JobSelection,
  UploadJob,
  UploadProgress,
  UploadSettings,
} from '../domain/upload.ts'
import type { AppError } from './result.ts'

/**
 * The whole IPC contract (DESIGN.md §4, STYLE.md §1): every invoke channel with its request and result, and
 * every main → renderer event. Names are `domain:verb`. Only this file, main/ipc/ and preload/ name channels.
 */

/** Outcome of a bulk action where each item can fail on its own (bulk delete, bulk cancel). */
export type BulkReport<Id extends string> = Readonly<{
  done: ReadonlyArray<Id>
  failed: ReadonlyArray<Readonly<{ id: Id; error: AppError }>>
}>

/** What a batch added from the Add files… / Add folder… dialogs; null when the user closed the dialog. */
export type DialogEnqueueResult = EnqueueReport | null

/** Which dialog to show. */
export type PickKind = 'files' | 'folder'

/** Commands the native menu sends to the UI (their shortcuts live in the menu). */
export type AppCommand =
  | 'add-files'
  | 'add-folder'
  | 'pause-all'
  | 'resume-all'
  | 'show-uploads'
  | 'show-library'
  | 'show-unused'
  | 'show-accounts'
  | 'refresh-library'
  | 'focus-search'

/** Facts about the running app the UI shows (about box, footers). */
export type AppInfo = Readonly<{ version: string; platform: string; online: boolean }>

/** Invoke channels: renderer → main, answered with `IpcResult<res>`. */
export type InvokeContract = {
  'uploads:list': { req: null; res: ReadonlyArray<UploadJob> }
  'uploads:enqueue': {
    req: Readonly<{ paths: ReadonlyArray<string>; settings: UploadSettings }>
    res: EnqueueReport
  }
  /** Paths of a trusted (user-made) drop, sent by the preload itself; never part of the renderer's Api. */
  'uploads:grant-dropped': { req: Readonly<{ paths: ReadonlyArray<string> }>; res: null }
  'uploads:pick-and-enqueue': {
    req: Readonly<{ kind: PickKind; settings: UploadSettings }>
    res: DialogEnqueueResult
  }
  'uploads:pause': { req: JobSelection; res: null }
  'uploads:resume': { req: JobSelection; res: null }
  'uploads:cancel': { req: JobSelection; res: null }
  'uploads:retry': { req: JobSelection; res: null }
  'uploads:clear-done': { req: null; res: null }

  'library:refresh': { req: null; res: null }
  'library:query': { req: LibraryQuery; res: Page<Media> }
  'library:get': { req: Readonly<{ id: MediaId }>; res: Media }
  'library:update': { req: Readonly<{ id: MediaId; patch: MediaPatch }>; res: Media }
  'library:delete': { req: Readonly<{ ids: ReadonlyArray<MediaId> }>; res: BulkReport<MediaId> }
  'library:summary': { req: Readonly<{ id: MediaId }>; res: MediaSummary }
  'library:generate-summary': { req: Readonly<{ id: MediaId }>; res: null }
  'library:set-mp4': { req: Readonly<{ id: MediaId; option: Mp4Option }>; res: Media }
  'library:set-source-access': { req: Readonly<{ id: MediaId; on: boolean }>; res: Media }
  'library:input-info': { req: Readonly<{ id: MediaId }>; res: InputInfo }
  'library:clips': { req: Readonly<{ id: MediaId }>; res: ReadonlyArray<Clip> }

  'tracks:add': { req: Readonly<{ mediaId: MediaId; track: NewTrack }>; res: Track }
  'tracks:update': { req: Readonly<{ mediaId: MediaId; trackId: TrackId; patch: TrackPatch }>; res: Track }
  'tracks:delete': { req: Readonly<{ mediaId: MediaId; trackId: TrackId }>; res: null }
  'tracks:generate-subtitles': {
    req: Readonly<{ mediaId: MediaId; trackId: TrackId; languageCode: string; languageName: string }>
    res: Track
  }

  'unused:list': { req: null; res: ReadonlyArray<UnusedUpload> }
  'unused:cancel': { req: Readonly<{ uploadIds: ReadonlyArray<UploadId> }>; res: BulkReport<UploadId> }

  'accounts:list': { req: null; res: ReadonlyArray<AccountSummary> }
  'accounts:add': { req: NewAccount; res: AccountSummary }
  'accounts:remove': { req: Readonly<{ name: AccountName }>; res: null }
  'accounts:select': { req: Readonly<{ name: AccountName }>; res: AccountSummary }
  'accounts:test': { req: Readonly<{ name: AccountName }>; res: null }

  'settings:get': { req: null; res: Settings }
  'settings:update': { req: Partial<Settings>; res: Settings }

  'app:info': { req: null; res: AppInfo }
  'app:open-link': { req: Readonly<{ link: ExternalLink }>; res: null }
}

/** Invoke channel names. */
export type InvokeChannel = keyof InvokeContract
/** The request payload of an invoke channel. */
export type InvokeRequest<C extends InvokeChannel> = InvokeContract[C]['req']
/** The success value of an invoke channel. */
export type InvokeResponse<C extends InvokeChannel> = InvokeContract[C]['res']

/** What changed in the queue since the last event: upserted jobs and removed job ids. */
export type UploadsChanged = Readonly<{ upserted: ReadonlyArray<UploadJob>; removed: ReadonlyArray<JobId> }>

/** Event channels: main → renderer. */
export type EventContract = {
  'uploads:changed': UploadsChanged
  'uploads:progress': ReadonlyArray<UploadProgress>
  'library:changed': null
  'accounts:changed': ReadonlyArray<AccountSummary>
  'settings:changed': Settings
  'app:network': Readonly<{ online: boolean }>
  'app:command': AppCommand
}

/** Event channel names. */
export type EventChannel = keyof EventContract

/** Every invoke channel, at runtime (the registrar and the fuzz test iterate it). */
export const INVOKE_CHANNELS = [
  'uploads:list',
  'uploads:enqueue',
  'uploads:grant-dropped',
  'uploads:pick-and-enqueue',
  'uploads:pause',
  'uploads:resume',
  'uploads:cancel',
  'uploads:retry',
  'uploads:clear-done',
  'library:refresh',
  'library:query',
  'library:get',
  'library:update',
  'library:delete',
  'library:summary',
  'library:generate-summary',
  'library:set-mp4',
  'library:set-source-access',
  'library:input-info',
  'library:clips',
  'tracks:add',
  'tracks:update',
  'tracks:delete',
  'tracks:generate-subtitles',
  'unused:list',
  'unused:cancel',
  'accounts:list',
  'accounts:add',
  'accounts:remove',
  'accounts:select',
  'accounts:test',
  'settings:get',
  'settings:update',
  'app:info',
  'app:open-link',
] as const satisfies ReadonlyArray<InvokeChannel>

/** Every event channel, at runtime. */
export const EVENT_CHANNELS = [
  'uploads:changed',
  'uploads:progress',
  'library:changed',
  'accounts:changed',
  'settings:changed',
  'app:network',
  'app:command',
] as const satisfies ReadonlyArray<EventChannel>

/** Every app command, at runtime (the menu and the bridge iterate it). */
export const APP_COMMANDS = [
  'add-files',
  'add-folder',
  'pause-all',
  'resume-all',
  'show-uploads',
  'show-library',
  'show-unused',
  'show-accounts',
  'refresh-library',
  'focus-search',
] as const satisfies ReadonlyArray<AppCommand>
