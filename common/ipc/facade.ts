import type { AccountName, JobId, MediaId, TrackId, UploadId } from '../domain/ids.ts'
import type { AccountUpdate, NewAccount, NewPeerTubeAccount } from '../domain/account.ts'
import type { ExternalLink } from '../domain/links.ts'
import type { BatchDefaults, ManifestRow } from '../domain/manifest.ts'
import type { LibraryQuery, MediaPatch, Mp4Option, NewTrack, TrackPatch } from '../domain/media.ts'
import type { Settings } from '../domain/settings.ts'
import type { JobSelection, UploadSettings, VideoPrivacy } from '../domain/upload.ts'
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeRequest,
  InvokeRequestInput,
  InvokeResponse,
  PickKind,
} from './contract.ts'
import type { IpcResult } from './result.ts'

/**
 * `window.spool` as a table: where each channel of the contract sits on it (group and function name) and how
 * the function's arguments become the channel's request. This module is all the preload knows of the contract,
 * and it has no schema in it: main checks every request, reply and event against contract.ts (main/ipc/), so
 * the preload, which runs before the page can parse, carries no zod (B6).
 */

/** What the facade may send for a request: its schema's input, read-only all the way down. */
type DeepReadonly<T> =
  T extends ReadonlyArray<infer E>
    ? ReadonlyArray<DeepReadonly<E>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T
type Sendable<C extends InvokeChannel> = DeepReadonly<InvokeRequestInput<C>>

/** A renderer → main request, answered with `IpcResult<result>`; `toRequest` turns the function's arguments into it. */
export type CallEntry<C extends InvokeChannel = InvokeChannel, Args extends unknown[] = never[]> = Readonly<{
  kind: 'invoke'
  channel: C
  toRequest: (...args: Args) => unknown
}>

/**
 * The one request that carries paths from the renderer: the function takes dropped File objects and the
 * preload resolves them to the paths the user dropped (preload/drop-grants.ts).
 */
export type DroppedFilesEntry<C extends InvokeChannel = InvokeChannel> = Readonly<{
  kind: 'dropped-files'
  channel: C
}>

/** A request only the preload itself sends; it is not on `window.spool`. */
export type PreloadOnlyEntry<C extends InvokeChannel = InvokeChannel> = Readonly<{
  kind: 'preload-only'
  channel: C
}>

/** A main → renderer event; the function subscribes with the payload only. */
export type EventEntry<C extends EventChannel = EventChannel> = Readonly<{ kind: 'event'; channel: C }>

export type FacadeEntry = CallEntry | DroppedFilesEntry | PreloadOnlyEntry | EventEntry

function call<const C extends InvokeChannel, Args extends unknown[]>(
  channel: C,
  toRequest: (...args: Args) => Sendable<C>,
): CallEntry<C, Args> {
  return { kind: 'invoke', channel, toRequest }
}

const nothing = (): null => null

function droppedFiles<const C extends InvokeChannel>(channel: C): DroppedFilesEntry<C> {
  return { kind: 'dropped-files', channel }
}

function preloadOnly<const C extends InvokeChannel>(channel: C): PreloadOnlyEntry<C> {
  return { kind: 'preload-only', channel }
}

function event<const C extends EventChannel>(channel: C): EventEntry<C> {
  return { kind: 'event', channel }
}

/** A track main fetches from a URL: the only kind the renderer may send. */
type UrlTrack = Extract<NewTrack, { url: string }>

/** Which jobs: some ids, or all of them. */
export type Jobs = ReadonlyArray<JobId> | 'all'
/** The facade's `Jobs` as the request's selection. */
export const jobsToSelection = (jobs: Jobs): JobSelection => (jobs === 'all' ? { all: true } : { ids: jobs })

export const FACADE = {
  uploads: {
    /** Every job in queue order, or only the newest `last` (the first screen, before the whole list). */
    list: call('uploads:list', (last?: number) => (last === undefined ? null : { last })),
    batches: call('uploads:batches', nothing),
    enqueueFiles: droppedFiles('uploads:enqueue'),
    grantDropped: preloadOnly('uploads:grant-dropped'),
    pickAndEnqueue: call(
      'uploads:pick-and-enqueue',
      (kind: PickKind, settings: UploadSettings, force = false) => ({ kind, settings, force }),
    ),
    /** Files of unfinished jobs moved (a card mounted elsewhere): main asks for the folder, finds them there. */
    pickAndRelocate: call('uploads:pick-and-relocate', nothing),
    pause: call('uploads:pause', jobsToSelection),
    resume: call('uploads:resume', jobsToSelection),
    cancel: call('uploads:cancel', jobsToSelection),
    retry: call('uploads:retry', jobsToSelection),
    clearDone: call('uploads:clear-done', nothing),
    onChanged: event('uploads:changed'),
    onProgress: event('uploads:progress'),
  },
  /** The review table before a batch starts (issue 15 §4): plan, edit, start; CSV in and out. */
  review: {
    /** The plan of dropped files and folders for these accounts and batch defaults; nothing is queued. */
    planDropped: droppedFiles('uploads:plan'),
    /** Main's Add files… / Add folder… dialog, then the plan of what was picked (null: cancelled). */
    pickAndPlan: call(
      'uploads:pick-and-plan',
      (kind: PickKind, accounts: ReadonlyArray<string>, defaults: BatchDefaults) => ({
        kind,
        settings: { accounts, defaults },
      }),
    ),
    /** Queues the reviewed rows as one batch, or answers the rows' problems and queues nothing. */
    start: call(
      'uploads:start-plan',
      (
        rows: ReadonlyArray<ManifestRow>,
        accounts: ReadonlyArray<string>,
        manifest: string | null,
        force = false,
      ) => ({ rows, accounts, manifest, force }),
    ),
    /** Main's open dialog for a CSV manifest; its rows' files become the user's chosen files (null: cancelled). */
    importManifest: call('manifest:import', (accounts: ReadonlyArray<string>) => ({ accounts })),
    /** Main's save dialog; writes the rows as a CSV manifest (null: cancelled). */
    exportManifest: call('manifest:export', (rows: ReadonlyArray<ManifestRow>) => ({ rows })),
  },
  library: {
    refresh: call('library:refresh', nothing),
    query: call('library:query', (query: LibraryQuery) => query),
    /** The folders the library's media came from (Spool's metadata), for the folder filter. */
    folders: call('library:folders', nothing),
    get: call('library:get', (id: MediaId) => ({ id })),
    update: call('library:update', (id: MediaId, patch: MediaPatch) => ({ id, patch })),
    delete: call('library:delete', (ids: ReadonlyArray<MediaId>) => ({ ids })),
    summary: call('library:summary', (id: MediaId) => ({ id })),
    generateSummary: call('library:generate-summary', (id: MediaId) => ({ id })),
    setMp4Support: call('library:set-mp4', (id: MediaId, option: Mp4Option) => ({ id, option })),
    /** Main's save dialog; writes the selected media as manifest rows (null: cancelled). */
    exportManifest: call('library:export-manifest', (ids: ReadonlyArray<MediaId>) => ({ ids })),
    setPrivacy: call('library:set-privacy', (id: MediaId, privacy: VideoPrivacy) => ({ id, privacy })),
    setSourceAccess: call('library:set-source-access', (id: MediaId, on: boolean) => ({ id, on })),
    inputInfo: call('library:input-info', (id: MediaId) => ({ id })),
    clips: call('library:clips', (id: MediaId) => ({ id })),
    onChanged: event('library:changed'),
  },
  tracks: {
    // Only the URL form crosses IPC: main's schema refuses a file track (a path from the renderer).
    add: call('tracks:add', (mediaId: MediaId, track: NewTrack) => ({ mediaId, track: track as UrlTrack })),
    update: call('tracks:update', (mediaId: MediaId, trackId: TrackId, patch: TrackPatch) => ({
      mediaId,
      trackId,
      patch,
    })),
    delete: call('tracks:delete', (mediaId: MediaId, trackId: TrackId) => ({ mediaId, trackId })),
    generateSubtitles: call(
      'tracks:generate-subtitles',
      (mediaId: MediaId, trackId: TrackId, languageCode: string, languageName: string) => ({
        mediaId,
        trackId,
        languageCode,
        languageName,
      }),
    ),
  },
  unused: {
    list: call('unused:list', nothing),
    cancel: call('unused:cancel', (uploadIds: ReadonlyArray<UploadId>) => ({ uploadIds })),
  },
  accounts: {
    list: call('accounts:list', nothing),
    add: call('accounts:add', (account: NewAccount) => account),
    /** Signs in to a PeerTube instance; `auth/otp-required` means: ask for the one-time code, send again with it. */
    addPeerTube: call('accounts:add-peertube', (account: NewPeerTubeAccount) => account),
    /** New URLs or key pair (FastPix), or a sign-in again (PeerTube); verified before anything is replaced. */
    update: call('accounts:update', (name: AccountName, patch: AccountUpdate) => ({ name, patch })),
    /** What the account's provider can do (the UI hides the rest). */
    capabilities: call('accounts:capabilities', (name: AccountName) => ({ name })),
    /** The channels a PeerTube account can publish to; a FastPix account has none. */
    channels: call('accounts:channels', (name: AccountName) => ({ name })),
    remove: call('accounts:remove', (name: AccountName) => ({ name })),
    select: call('accounts:select', (name: AccountName) => ({ name })),
    test: call('accounts:test', (name: AccountName) => ({ name })),
    onChanged: event('accounts:changed'),
  },
  settings: {
    get: call('settings:get', nothing),
    update: call('settings:update', (patch: Partial<Settings>) => patch),
    onChanged: event('settings:changed'),
  },
  app: {
    info: call('app:info', nothing),
    /** Opens a named place (FastPix's site, docs, dashboard) in the system browser. */
    openLink: call('app:open-link', (link: ExternalLink) => ({ link })),
    onNetwork: event('app:network'),
    onCommand: event('app:command'),
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, FacadeEntry>>>>

// ---- Every channel of the contract has its one place on the facade (a compile error otherwise) ---------

type Facade = typeof FACADE
type AnyEntry = { [G in keyof Facade]: Facade[G][keyof Facade[G]] }[keyof Facade]
type Placed = AnyEntry['channel']
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const everyChannelPlaced: Exactly<Placed, InvokeChannel | EventChannel> = true
void everyChannelPlaced

// ---- window.spool's type -------------------------------------------------------------------------------

/** Every call answers with an IpcResult: the renderer never sees an exception from main. */
type Call<T> = Promise<IpcResult<T>>
/** Subscribes to an event; returns the unsubscribe function. */
type Subscribe<T> = (listener: (payload: T) => void) => () => void
/** A File from a drop event, opaque here (common/ has no DOM types); only the preload resolves it. */
export type DroppedFile = object

type SettingsOf<R> = R extends { settings: infer S } ? S : never
/** What a drop may say besides its files and settings: `force` queues content already at the destination. */
export type DropOptions = Readonly<{ force?: boolean }>

type FacadeFunction<E> =
  E extends CallEntry<infer C, infer Args>
    ? (...args: Args) => Call<InvokeResponse<C>>
    : E extends DroppedFilesEntry<infer C>
      ? (
          files: ReadonlyArray<DroppedFile>,
          settings: SettingsOf<InvokeRequest<C>>,
          options?: DropOptions,
        ) => Call<InvokeResponse<C>>
      : E extends EventEntry<infer C>
        ? Subscribe<EventContract[C]>
        : never

type FacadeGroup<G> = Readonly<{
  [K in keyof G as G[K] extends { kind: 'preload-only' } ? never : K]: FacadeFunction<G[K]>
}>

/**
 * `window.spool`: the narrow, intention-named facade the preload exposes (ARCHITECTURE.md §8.2), grouped by domain
 * as FACADE is. No generic invoke, no ipcRenderer.
 */
export type Api = Readonly<{ [G in keyof Facade]: FacadeGroup<Facade[G]> }>

/** The facade as plain groups of entries, for code that walks it (the preload's facade builder). */
export const FACADE_GROUPS: Readonly<Record<string, Readonly<Record<string, FacadeEntry>>>> = FACADE
