import { z } from 'zod'
import type { AccountName, JobId, MediaId, TrackId, UploadId } from '../domain/ids.ts'
import type { AccountUpdate, NewAccount, NewPeerTubeAccount } from '../domain/account.ts'
import { EXTERNAL_LINKS, type ExternalLink } from '../domain/links.ts'
import type { LibraryQuery, MediaPatch, Mp4Option, NewTrack, TrackPatch } from '../domain/media.ts'
import type { Settings } from '../domain/settings.ts'
import {
  VIDEO_PRIVACIES,
  type JobSelection,
  type UploadSettings,
  type VideoPrivacy,
} from '../domain/upload.ts'
import {
  accountCapabilitiesReply,
  accountSummaryReply,
  batchReply,
  channelReply,
  clipReply,
  enqueueReportReply,
  inputInfoReply,
  relocationReportReply,
  libraryPageReply,
  listOf,
  mediaBulkReply,
  savedLibraryManifestReply,
  mediaReply,
  mediaSummaryReply,
  settingsReply,
  trackReply,
  unusedUploadReply,
  uploadBulkReply,
  uploadJobReply,
  uploadProgressReply,
} from './reply-schemas.ts'
import { lazySchema } from './lazy-schema.ts'
import type { IpcResult } from './result.ts'
import * as req from './schemas.ts'
import * as review from './manifest-schemas.ts'
import type { BatchDefaults, ManifestRow } from '../domain/manifest.ts'

/**
 * The whole IPC contract (ARCHITECTURE.md §4, §8.1), each channel declared once: its name (`domain:verb`),
 * its request schema, its result (or payload) schema, and where it sits on `window.spool` (group and
 * function name). Everything else is derived from this table: the channel lists, the request and response
 * types, the renderer's `Api`, the preload's facade (preload/api.ts) and main's registrar and dispatcher
 * (main/ipc/). Only this file, main/ipc/ and preload/ name channels.
 */

/** A renderer → main request, answered with `IpcResult<result>`; `toRequest` turns the facade's arguments into it. */
export type InvokeDeclaration<
  C extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Args extends unknown[] = never[],
> = Readonly<{
  kind: 'invoke'
  channel: C
  request: Req
  result: Res
  toRequest: (...args: Args) => unknown
}>

/**
 * The one request that carries paths from the renderer: the facade takes dropped File objects and the
 * preload resolves them to the paths the user dropped (preload/drop-grants.ts).
 */
export type DroppedFilesDeclaration<
  C extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> = Readonly<{ kind: 'dropped-files'; channel: C; request: Req; result: Res }>

/** A request only the preload itself sends; it is not on `window.spool`. */
export type PreloadOnlyDeclaration<
  C extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> = Readonly<{ kind: 'preload-only'; channel: C; request: Req; result: Res }>

/** A main → renderer event; the facade subscribes with the payload only. */
export type EventDeclaration<C extends string = string, P extends z.ZodType = z.ZodType> = Readonly<{
  kind: 'event'
  channel: C
  payload: P
}>

export type ChannelDeclaration =
  | InvokeDeclaration<string, z.ZodType, z.ZodType, never[]>
  | DroppedFilesDeclaration
  | PreloadOnlyDeclaration
  | EventDeclaration

/** What the facade may send for a request: its schema's input, read-only all the way down. */
type DeepReadonly<T> =
  T extends ReadonlyArray<infer E>
    ? ReadonlyArray<DeepReadonly<E>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T
type Sendable<Req extends z.ZodType> = DeepReadonly<z.input<Req>>

/**
 * Puts a declaration's schemas on it as getters that build each on first read (lazy-schema.ts): loading the
 * contract, which the preload does before the page can parse, builds none of them.
 */
function withSchemas<D extends object, S extends object>(
  declaration: D,
  schemas: { [K in keyof S]: () => S[K] },
): D & S {
  for (const [key, build] of Object.entries<() => unknown>(schemas)) {
    Object.defineProperty(declaration, key, { get: lazySchema(build), enumerable: true })
  }
  return declaration as D & S
}

function invoke<const C extends string, Req extends z.ZodType, Res extends z.ZodType, Args extends unknown[]>(
  channel: C,
  request: () => Req,
  result: () => Res,
  toRequest: (...args: Args) => Sendable<Req>,
): InvokeDeclaration<C, Req, Res, Args> {
  return withSchemas({ kind: 'invoke', channel, toRequest } as const, { request, result })
}

function droppedFiles<const C extends string, Req extends z.ZodType, Res extends z.ZodType>(
  channel: C,
  request: () => Req,
  result: () => Res,
): DroppedFilesDeclaration<C, Req, Res> {
  return withSchemas({ kind: 'dropped-files', channel } as const, { request, result })
}

function preloadOnly<const C extends string, Req extends z.ZodType, Res extends z.ZodType>(
  channel: C,
  request: () => Req,
  result: () => Res,
): PreloadOnlyDeclaration<C, Req, Res> {
  return withSchemas({ kind: 'preload-only', channel } as const, { request, result })
}

function event<const C extends string, P extends z.ZodType>(
  channel: C,
  payload: () => P,
): EventDeclaration<C, P> {
  return withSchemas({ kind: 'event', channel } as const, { payload })
}

/** A track main fetches from a URL: the only kind the renderer may send. */
type UrlTrack = Extract<NewTrack, { url: string }>

/** Which jobs: some ids, or all of them. */
export type Jobs = ReadonlyArray<JobId> | 'all'
/** The facade's `Jobs` as the request's selection. */
export const jobsToSelection = (jobs: Jobs): JobSelection => (jobs === 'all' ? { all: true } : { ids: jobs })

/** Commands the native menu sends to the UI (their shortcuts live in the menu). */
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
] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

/** Which dialog to show. */
export const PICK_KINDS = ['files', 'folder'] as const
export type PickKind = (typeof PICK_KINDS)[number]

/** common/util/count-format.ts's CountFormat: how the user's locale writes counts, for the window. */
const countFormat = () =>
  z.object({
    digits: z.array(z.string().min(1).max(4)).length(10).readonly(),
    group: z.string().max(4),
    primary: z.number().int().min(1).max(9),
    secondary: z.number().int().min(1).max(9),
    minimumGrouping: z.number().int().min(1).max(4),
  })
const appInfo = lazySchema(() =>
  z.object({ version: z.string(), platform: z.string(), online: z.boolean(), countFormat: countFormat() }),
)
/** Facts about the running app the UI shows (about box, footers). */
export type AppInfo = Readonly<z.output<ReturnType<typeof appInfo>>>

const uploadsChanged = () => z.object({ upserted: listOf(uploadJobReply()), removed: listOf(z.string()) })
/** What changed in the queue since the last event: upserted jobs and removed job ids. */
export type UploadsChanged = Readonly<{
  upserted: z.output<ReturnType<typeof uploadsChanged>>['upserted']
  removed: ReadonlyArray<JobId>
}>
const uploadsChangedPayload = (): z.ZodType<UploadsChanged> =>
  uploadsChanged().transform((c) => ({
    upserted: c.upserted,
    removed: c.removed as ReadonlyArray<JobId>,
  }))

const nothing = lazySchema(() => z.null())
const online = () => z.object({ online: z.boolean() })

export const CONTRACT = {
  uploads: {
    /** Every job in queue order, or only the newest `last` (the first screen, before the whole list). */
    list: invoke(
      'uploads:list',
      () => z.union([req.nothing(), z.strictObject({ last: z.number().int().min(1).max(req.MAX_IDS) })]),
      () => listOf(uploadJobReply()),
      (last?: number) => (last === undefined ? null : { last }),
    ),
    batches: invoke(
      'uploads:batches',
      req.nothing,
      () => listOf(batchReply()),
      () => null,
    ),
    enqueueFiles: droppedFiles(
      'uploads:enqueue',
      () =>
        z.strictObject({
          paths: z.array(req.path()).min(1).max(req.MAX_PATHS),
          settings: req.uploadSettingsSchema(),
          /** Queue files even when their content is already at the destination (issue 13 §2). */
          force: z.boolean().optional(),
        }),
      enqueueReportReply,
    ),
    grantDropped: preloadOnly(
      'uploads:grant-dropped',
      () => z.strictObject({ paths: z.array(req.path()).min(1).max(req.MAX_PATHS) }),
      nothing,
    ),
    pickAndEnqueue: invoke(
      'uploads:pick-and-enqueue',
      () =>
        z.strictObject({
          kind: z.enum(PICK_KINDS),
          settings: req.uploadSettingsSchema(),
          force: z.boolean().optional(),
        }),
      () => enqueueReportReply().nullable(),
      (kind: PickKind, settings: UploadSettings, force = false) => ({ kind, settings, force }),
    ),
    /** Files of unfinished jobs moved (a card mounted elsewhere): main asks for the folder, finds them there. */
    pickAndRelocate: invoke(
      'uploads:pick-and-relocate',
      req.nothing,
      () => relocationReportReply().nullable(),
      () => null,
    ),
    pause: invoke('uploads:pause', req.selection, nothing, jobsToSelection),
    resume: invoke('uploads:resume', req.selection, nothing, jobsToSelection),
    cancel: invoke('uploads:cancel', req.selection, nothing, jobsToSelection),
    retry: invoke('uploads:retry', req.selection, nothing, jobsToSelection),
    clearDone: invoke('uploads:clear-done', req.nothing, nothing, () => null),
    onChanged: event('uploads:changed', uploadsChangedPayload),
    onProgress: event('uploads:progress', () => listOf(uploadProgressReply())),
  },
  /** The review table before a batch starts (issue 15 §4): plan, edit, start; CSV in and out. */
  review: {
    /** The plan of dropped files and folders for these accounts and batch defaults; nothing is queued. */
    planDropped: droppedFiles(
      'uploads:plan',
      () =>
        z.strictObject({
          paths: z.array(req.path()).min(1).max(req.MAX_PATHS),
          settings: review.planSettings(),
        }),
      review.planReply,
    ),
    /** Main's Add files… / Add folder… dialog, then the plan of what was picked (null: cancelled). */
    pickAndPlan: invoke(
      'uploads:pick-and-plan',
      () => z.strictObject({ kind: z.enum(PICK_KINDS), settings: review.planSettings() }),
      () => review.planReply().nullable(),
      (kind: PickKind, accounts: ReadonlyArray<string>, defaults: BatchDefaults) => ({
        kind,
        settings: { accounts, defaults },
      }),
    ),
    /** Queues the reviewed rows as one batch, or answers the rows' problems and queues nothing. */
    start: invoke(
      'uploads:start-plan',
      review.startPlanRequest,
      review.startPlanReply,
      (
        rows: ReadonlyArray<ManifestRow>,
        accounts: ReadonlyArray<string>,
        manifest: string | null,
        force = false,
      ) => ({ rows, accounts, manifest, force }),
    ),
    /** Main's open dialog for a CSV manifest; its rows' files become the user's chosen files (null: cancelled). */
    importManifest: invoke(
      'manifest:import',
      review.importRequest,
      () => review.importedManifestReply().nullable(),
      (accounts: ReadonlyArray<string>) => ({ accounts }),
    ),
    /** Main's save dialog; writes the rows as a CSV manifest (null: cancelled). */
    exportManifest: invoke(
      'manifest:export',
      review.exportRequest,
      () => review.exportedManifestReply().nullable(),
      (rows: ReadonlyArray<ManifestRow>) => ({ rows }),
    ),
  },
  library: {
    refresh: invoke('library:refresh', req.nothing, nothing, () => null),
    query: invoke(
      'library:query',
      () =>
        z.strictObject({
          search: z.string().max(200).optional(),
          status: req.mediaStatus().optional(),
          folder: z.string().min(1).max(1000).optional(),
          sort: z.enum(['created-desc', 'created-asc', 'title-asc', 'duration-desc']),
          offset: z.number().int().min(0).max(10_000_000),
          limit: z.number().int().min(1).max(500),
        }),
      libraryPageReply,
      (query: LibraryQuery) => query,
    ),
    /** The folders the library's media came from (Spool's metadata), for the folder filter. */
    folders: invoke(
      'library:folders',
      req.nothing,
      () => listOf(z.string()),
      () => null,
    ),
    get: invoke(
      'library:get',
      () => z.strictObject({ id: req.mediaId() }),
      mediaReply,
      (id: MediaId) => ({ id }),
    ),
    update: invoke(
      'library:update',
      () =>
        z.strictObject({
          id: req.mediaId(),
          patch: z.strictObject({
            title: z.string().max(255).optional(),
            creatorId: z.string().max(255).optional(),
            metadata: req.metadataSchema().optional(),
          }),
        }),
      mediaReply,
      (id: MediaId, patch: MediaPatch) => ({ id, patch }),
    ),
    delete: invoke(
      'library:delete',
      () => z.strictObject({ ids: z.array(req.mediaId()).min(1).max(req.MAX_IDS) }),
      mediaBulkReply,
      (ids: ReadonlyArray<MediaId>) => ({ ids }),
    ),
    summary: invoke(
      'library:summary',
      () => z.strictObject({ id: req.mediaId() }),
      mediaSummaryReply,
      (id: MediaId) => ({ id }),
    ),
    generateSummary: invoke(
      'library:generate-summary',
      () => z.strictObject({ id: req.mediaId() }),
      nothing,
      (id: MediaId) => ({ id }),
    ),
    setMp4Support: invoke(
      'library:set-mp4',
      () =>
        z.strictObject({
          id: req.mediaId(),
          option: z.enum(['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']),
        }),
      mediaReply,
      (id: MediaId, option: Mp4Option) => ({ id, option }),
    ),
    /** Main's save dialog; writes the selected media as manifest rows (null: cancelled). */
    exportManifest: invoke(
      'library:export-manifest',
      () => z.strictObject({ ids: z.array(req.mediaId()).min(1).max(req.MAX_IDS) }),
      () => savedLibraryManifestReply().nullable(),
      (ids: ReadonlyArray<MediaId>) => ({ ids }),
    ),
    setPrivacy: invoke(
      'library:set-privacy',
      () => z.strictObject({ id: req.mediaId(), privacy: z.enum(VIDEO_PRIVACIES) }),
      mediaReply,
      (id: MediaId, privacy: VideoPrivacy) => ({ id, privacy }),
    ),
    setSourceAccess: invoke(
      'library:set-source-access',
      () => z.strictObject({ id: req.mediaId(), on: z.boolean() }),
      mediaReply,
      (id: MediaId, on: boolean) => ({ id, on }),
    ),
    inputInfo: invoke(
      'library:input-info',
      () => z.strictObject({ id: req.mediaId() }),
      inputInfoReply,
      (id: MediaId) => ({ id }),
    ),
    clips: invoke(
      'library:clips',
      () => z.strictObject({ id: req.mediaId() }),
      () => listOf(clipReply()),
      (id: MediaId) => ({
        id,
      }),
    ),
    onChanged: event('library:changed', nothing),
  },
  tracks: {
    add: invoke(
      'tracks:add',
      () =>
        z.strictObject({
          mediaId: req.mediaId(),
          track: z.strictObject({
            type: z.enum(['audio', 'subtitle']),
            url: req.httpUrl(),
            languageCode: req.languageCode(),
            languageName: req.languageName(),
            title: z.string().max(255).optional(),
          }),
        }),
      trackReply,
      // Only the URL form crosses IPC: main's schema refuses a file track (a path from the renderer).
      (mediaId: MediaId, track: NewTrack) => ({ mediaId, track: track as UrlTrack }),
    ),
    update: invoke(
      'tracks:update',
      () =>
        z.strictObject({
          mediaId: req.mediaId(),
          trackId: req.trackId(),
          patch: z.strictObject({
            languageCode: req.languageCode().optional(),
            languageName: req.languageName().optional(),
            title: z.string().max(255).optional(),
          }),
        }),
      trackReply,
      (mediaId: MediaId, trackId: TrackId, patch: TrackPatch) => ({ mediaId, trackId, patch }),
    ),
    delete: invoke(
      'tracks:delete',
      () => z.strictObject({ mediaId: req.mediaId(), trackId: req.trackId() }),
      nothing,
      (mediaId: MediaId, trackId: TrackId) => ({ mediaId, trackId }),
    ),
    generateSubtitles: invoke(
      'tracks:generate-subtitles',
      () =>
        z.strictObject({
          mediaId: req.mediaId(),
          trackId: req.trackId(),
          languageCode: req.languageCode(),
          languageName: req.languageName(),
        }),
      trackReply,
      (mediaId: MediaId, trackId: TrackId, languageCode: string, languageName: string) => ({
        mediaId,
        trackId,
        languageCode,
        languageName,
      }),
    ),
  },
  unused: {
    list: invoke(
      'unused:list',
      req.nothing,
      () => listOf(unusedUploadReply()),
      () => null,
    ),
    cancel: invoke(
      'unused:cancel',
      () => z.strictObject({ uploadIds: z.array(req.uploadId()).min(1).max(req.MAX_IDS) }),
      uploadBulkReply,
      (uploadIds: ReadonlyArray<UploadId>) => ({ uploadIds }),
    ),
  },
  accounts: {
    list: invoke(
      'accounts:list',
      req.nothing,
      () => listOf(accountSummaryReply()),
      () => null,
    ),
    add: invoke('accounts:add', req.newAccountSchema, accountSummaryReply, (account: NewAccount) => account),
    /** Signs in to a PeerTube instance; `auth/otp-required` means: ask for the one-time code, send again with it. */
    addPeerTube: invoke(
      'accounts:add-peertube',
      req.newPeerTubeAccountSchema,
      accountSummaryReply,
      (account: NewPeerTubeAccount) => account,
    ),
    /** New URLs or key pair (FastPix), or a sign-in again (PeerTube); verified before anything is replaced. */
    update: invoke(
      'accounts:update',
      () => z.strictObject({ name: req.accountName(), patch: req.accountUpdateSchema() }),
      accountSummaryReply,
      (name: AccountName, patch: AccountUpdate) => ({ name, patch }),
    ),
    /** What the account's provider can do (the UI hides the rest). */
    capabilities: invoke(
      'accounts:capabilities',
      () => z.strictObject({ name: req.accountName() }),
      accountCapabilitiesReply,
      (name: AccountName) => ({ name }),
    ),
    /** The channels a PeerTube account can publish to; a FastPix account has none. */
    channels: invoke(
      'accounts:channels',
      () => z.strictObject({ name: req.accountName() }),
      () => listOf(channelReply()),
      (name: AccountName) => ({ name }),
    ),
    remove: invoke(
      'accounts:remove',
      () => z.strictObject({ name: req.accountName() }),
      nothing,
      (name: AccountName) => ({ name }),
    ),
    select: invoke(
      'accounts:select',
      () => z.strictObject({ name: req.accountName() }),
      accountSummaryReply,
      (name: AccountName) => ({ name }),
    ),
    test: invoke(
      'accounts:test',
      () => z.strictObject({ name: req.accountName() }),
      nothing,
      (name: AccountName) => ({ name }),
    ),
    onChanged: event('accounts:changed', () => listOf(accountSummaryReply())),
  },
  settings: {
    get: invoke('settings:get', req.nothing, settingsReply, () => null),
    update: invoke(
      'settings:update',
      () => req.settingsSchema().partial(),
      settingsReply,
      (patch: Partial<Settings>) => patch,
    ),
    onChanged: event('settings:changed', settingsReply),
  },
  app: {
    info: invoke('app:info', req.nothing, appInfo, () => null),
    /** Opens a named place (FastPix's site, docs, dashboard) in the system browser. */
    openLink: invoke(
      'app:open-link',
      () => z.strictObject({ link: z.enum(EXTERNAL_LINKS) }),
      nothing,
      (link: ExternalLink) => ({ link }),
    ),
    onNetwork: event('app:network', online),
    onCommand: event('app:command', () => z.enum(APP_COMMANDS)),
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, ChannelDeclaration>>>>

// ---- Derived types -------------------------------------------------------------------------------------

type Contract = typeof CONTRACT
type AnyDeclaration = { [G in keyof Contract]: Contract[G][keyof Contract[G]] }[keyof Contract]
type InvokeLike = Extract<AnyDeclaration, { kind: 'invoke' | 'dropped-files' | 'preload-only' }>
type EventLike = Extract<AnyDeclaration, { kind: 'event' }>

/** Invoke channel names. */
export type InvokeChannel = InvokeLike['channel']
/** The declaration of an invoke channel. */
export type InvokeDeclarationOf<C extends InvokeChannel> = Extract<InvokeLike, { channel: C }>
/** The request of an invoke channel, as main's handler receives it (parsed). */
export type InvokeRequest<C extends InvokeChannel> = z.output<InvokeDeclarationOf<C>['request']>
/** The success value of an invoke channel. */
export type InvokeResponse<C extends InvokeChannel> = z.output<InvokeDeclarationOf<C>['result']>

/** Event channel names. */
export type EventChannel = EventLike['channel']
/** The payload of every event channel. */
export type EventContract = { [E in EventChannel]: z.output<Extract<EventLike, { channel: E }>['payload']> }

/** Every call answers with an IpcResult: the renderer never sees an exception from main. */
type Call<T> = Promise<IpcResult<T>>
/** Subscribes to an event; returns the unsubscribe function. */
type Subscribe<T> = (listener: (payload: T) => void) => () => void
/** A File from a drop event, opaque here (common/ has no DOM types); only the preload resolves it. */
export type DroppedFile = object

type SettingsOf<R> = R extends { settings: infer S } ? S : never
/** What a drop may say besides its files and settings: `force` queues content already at the destination. */
export type DropOptions = Readonly<{ force?: boolean }>

type FacadeFunction<D> = D extends { kind: 'invoke'; result: infer Res extends z.ZodType }
  ? D extends { toRequest: (...args: infer Args) => unknown }
    ? (...args: Args) => Call<z.output<Res>>
    : never
  : D extends {
        kind: 'dropped-files'
        request: infer Req extends z.ZodType
        result: infer Res extends z.ZodType
      }
    ? (
        files: ReadonlyArray<DroppedFile>,
        settings: SettingsOf<z.output<Req>>,
        options?: DropOptions,
      ) => Call<z.output<Res>>
    : D extends { kind: 'event'; payload: infer P extends z.ZodType }
      ? Subscribe<z.output<P>>
      : never

type FacadeGroup<G> = Readonly<{
  [K in keyof G as G[K] extends { kind: 'preload-only' } ? never : K]: FacadeFunction<G[K]>
}>

/**
 * `window.spool`: the narrow, intention-named facade the preload exposes (ARCHITECTURE.md §8.2), grouped by domain
 * as CONTRACT is. No generic invoke, no ipcRenderer.
 */
export type Api = Readonly<{ [G in keyof Contract]: FacadeGroup<Contract[G]> }>

// ---- Derived runtime lists -----------------------------------------------------------------------------

/** The contract as plain groups of declarations, for code that walks it (the preload's facade builder). */
export const CONTRACT_GROUPS: Readonly<Record<string, Readonly<Record<string, ChannelDeclaration>>>> =
  CONTRACT

const declarations: ReadonlyArray<ChannelDeclaration> = Object.values(CONTRACT_GROUPS).flatMap((group) =>
  Object.values(group),
)

/** Every invoke channel's declaration, by channel (main's dispatcher and the preload read it). */
export const INVOKES: Readonly<{ [C in InvokeChannel]: InvokeDeclarationOf<C> }> = Object.fromEntries(
  declarations.filter((d) => d.kind !== 'event').map((d) => [d.channel, d]),
) as { [C in InvokeChannel]: InvokeDeclarationOf<C> }

/** Every invoke channel, at runtime (the registrar and the fuzz test iterate it). */
export const INVOKE_CHANNELS = Object.keys(INVOKES) as ReadonlyArray<InvokeChannel>

/** Every event channel, at runtime. */
export const EVENT_CHANNELS = declarations
  .filter((d) => d.kind === 'event')
  .map((d) => d.channel) as ReadonlyArray<EventChannel>
