import type { ExternalLink } from '../../common/domain/links.ts'
import type { AccountName, MediaId, TrackId, UploadId } from '../../common/domain/ids.ts'
import type { AccountSummary, NewAccount } from '../../common/domain/account.ts'
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
} from '../../common/domain/media.ts'
import type { Settings } from '../../common/domain/settings.ts'
import type { EnqueueReport, JobSelection, UploadJob, UploadSettings } from '../../common/domain/upload.ts'
import type { AppInfo, BulkReport, PickKind } from '../../common/ipc/channels.ts'

/**
 * What the IPC handler table needs from the core, as ports (STYLE.md §6). main/core.ts adapts the real
 * services to these; tests pass fakes. Everything is async and throws AppFailure for expected failures.
 */
export type UploadsPort = Readonly<{
  list(): Promise<ReadonlyArray<UploadJob>>
  /** Enqueues paths the user chose (see PathGrants); any other path is refused, naming nothing. */
  enqueue(paths: ReadonlyArray<string>, settings: UploadSettings): Promise<EnqueueReport>
  /** Remembers the paths of a trusted drop (the preload's word, from webUtils.getPathForFile). */
  grantDropped(paths: ReadonlyArray<string>): Promise<void>
  pause(selection: JobSelection): Promise<void>
  resume(selection: JobSelection): Promise<void>
  cancel(selection: JobSelection): Promise<void>
  retry(selection: JobSelection): Promise<void>
  clearDone(): Promise<void>
}>

/** Library, media detail and tracks, for the selected account. */
export type LibraryOpsPort = Readonly<{
  refresh(): Promise<void>
  query(query: LibraryQuery): Promise<Page<Media>>
  get(id: MediaId): Promise<Media>
  update(id: MediaId, patch: MediaPatch): Promise<Media>
  delete(ids: ReadonlyArray<MediaId>): Promise<BulkReport<MediaId>>
  summary(id: MediaId): Promise<MediaSummary>
  generateSummary(id: MediaId): Promise<void>
  setMp4Support(id: MediaId, option: Mp4Option): Promise<Media>
  setSourceAccess(id: MediaId, on: boolean): Promise<Media>
  inputInfo(id: MediaId): Promise<InputInfo>
  clips(id: MediaId): Promise<ReadonlyArray<Clip>>
  addTrack(mediaId: MediaId, track: NewTrack): Promise<Track>
  updateTrack(mediaId: MediaId, trackId: TrackId, patch: TrackPatch): Promise<Track>
  deleteTrack(mediaId: MediaId, trackId: TrackId): Promise<void>
  generateSubtitles(mediaId: MediaId, trackId: TrackId, code: string, name: string): Promise<Track>
  unused(): Promise<ReadonlyArray<UnusedUpload>>
  cancelUploads(ids: ReadonlyArray<UploadId>): Promise<BulkReport<UploadId>>
}>

/** Accounts: the secret goes in once and never comes back out. */
export type AccountsPort = Readonly<{
  list(): Promise<ReadonlyArray<AccountSummary>>
  add(account: NewAccount): Promise<AccountSummary>
  remove(name: AccountName): Promise<void>
  select(name: AccountName): Promise<AccountSummary>
  test(name: AccountName): Promise<void>
}>

export type SettingsPort = Readonly<{
  get(): Promise<Settings>
  update(patch: Partial<Settings>): Promise<Settings>
}>

/** A question main asks in its own native dialog, so the renderer's word alone never decides it. */
export type Confirmation = Readonly<{ title: string; message: string; detail: string; confirmLabel: string }>

/** Native dialogs (Electron in the app, a scripted fake in tests). Null = the user cancelled. */
export type DialogPort = Readonly<{
  pick(kind: PickKind): Promise<ReadonlyArray<string> | null>
  /** Resolves true only when the user pressed the confirming button. */
  confirm(question: Confirmation): Promise<boolean>
}>

/** Opens an allow-listed https link in the system browser; throws AppFailure for anything else. */
export type ExternalPort = Readonly<{ open(link: ExternalLink): Promise<void> }>

/** Everything the handler table is built from. */
export type HandlerPorts = Readonly<{
  uploads: UploadsPort
  library: LibraryOpsPort
  accounts: AccountsPort
  settings: SettingsPort
  dialogs: DialogPort
  external: ExternalPort
  info(): AppInfo
}>
