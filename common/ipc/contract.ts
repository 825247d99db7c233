import { z } from 'zod'
import type { JobId } from '../domain/ids.ts'
import { EXTERNAL_LINKS } from '../domain/links.ts'
import { VIDEO_PRIVACIES } from '../domain/upload.ts'
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
import * as req from './schemas.ts'
import * as review from './manifest-schemas.ts'

/**
 * The whole IPC contract (ARCHITECTURE.md §4, §8.1), each channel declared once, by its name (`domain:verb`):
 * an invoke channel's request and result schemas, an event channel's payload schema. Main checks against them
 * every request it receives, and every reply and event before it leaves (main/ipc/), so nothing reaches the
 * window that the contract does not allow (what no schema names is stripped there, in main). Where each
 * channel sits on `window.spool` is facade.ts; the channel lists and the request and response types derive
 * from here. Only this file, facade.ts, main/ipc/ and preload/ name channels.
 */

/** A renderer → main request, answered with `IpcResult<result>`. */
export type InvokeDeclaration<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> = Readonly<{
  request: Req
  result: Res
}>

/** A main → renderer event. */
export type EventDeclaration<P extends z.ZodType = z.ZodType> = Readonly<{ payload: P }>

/**
 * A declaration whose schemas are getters that build each on first read (lazy-schema.ts): loading the contract
 * builds none of them, and a process pays only for the channels it uses, as it uses them.
 */
function withSchemas<S extends object>(schemas: { [K in keyof S]: () => S[K] }): S {
  const declaration = {}
  for (const [key, build] of Object.entries<() => unknown>(schemas)) {
    Object.defineProperty(declaration, key, { get: lazySchema(build), enumerable: true })
  }
  return declaration as S
}

function invoke<Req extends z.ZodType, Res extends z.ZodType>(
  request: () => Req,
  result: () => Res,
): InvokeDeclaration<Req, Res> {
  return withSchemas({ request, result })
}

function event<P extends z.ZodType>(payload: () => P): EventDeclaration<P> {
  return withSchemas({ payload })
}

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

export const INVOKES = {
  'uploads:list': invoke(
    () => z.union([req.nothing(), z.strictObject({ last: z.number().int().min(1).max(req.MAX_IDS) })]),
    () => listOf(uploadJobReply()),
  ),
  'uploads:batches': invoke(req.nothing, () => listOf(batchReply())),
  'uploads:enqueue': invoke(
    () =>
      z.strictObject({
        paths: z.array(req.path()).min(1).max(req.MAX_PATHS),
        settings: req.uploadSettingsSchema(),
        /** Queue files even when their content is already at the destination (issue 13 §2). */
        force: z.boolean().optional(),
      }),
    enqueueReportReply,
  ),
  'uploads:grant-dropped': invoke(
    () => z.strictObject({ paths: z.array(req.path()).min(1).max(req.MAX_PATHS) }),
    nothing,
  ),
  'uploads:pick-and-enqueue': invoke(
    () =>
      z.strictObject({
        kind: z.enum(PICK_KINDS),
        settings: req.uploadSettingsSchema(),
        force: z.boolean().optional(),
      }),
    () => enqueueReportReply().nullable(),
  ),
  'uploads:pick-and-relocate': invoke(req.nothing, () => relocationReportReply().nullable()),
  'uploads:pause': invoke(req.selection, nothing),
  'uploads:resume': invoke(req.selection, nothing),
  'uploads:cancel': invoke(req.selection, nothing),
  'uploads:retry': invoke(req.selection, nothing),
  'uploads:clear-done': invoke(req.nothing, nothing),
  'uploads:plan': invoke(
    () =>
      z.strictObject({
        paths: z.array(req.path()).min(1).max(req.MAX_PATHS),
        settings: review.planSettings(),
      }),
    review.planReply,
  ),
  'uploads:pick-and-plan': invoke(
    () => z.strictObject({ kind: z.enum(PICK_KINDS), settings: review.planSettings() }),
    () => review.planReply().nullable(),
  ),
  'uploads:start-plan': invoke(review.startPlanRequest, review.startPlanReply),
  'manifest:import': invoke(review.importRequest, () => review.importedManifestReply().nullable()),
  'manifest:export': invoke(review.exportRequest, () => review.exportedManifestReply().nullable()),
  'library:refresh': invoke(req.nothing, nothing),
  'library:query': invoke(
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
  ),
  'library:folders': invoke(req.nothing, () => listOf(z.string())),
  'library:get': invoke(() => z.strictObject({ id: req.mediaId() }), mediaReply),
  'library:update': invoke(
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
  ),
  'library:delete': invoke(
    () => z.strictObject({ ids: z.array(req.mediaId()).min(1).max(req.MAX_IDS) }),
    mediaBulkReply,
  ),
  'library:summary': invoke(() => z.strictObject({ id: req.mediaId() }), mediaSummaryReply),
  'library:generate-summary': invoke(() => z.strictObject({ id: req.mediaId() }), nothing),
  'library:set-mp4': invoke(
    () =>
      z.strictObject({
        id: req.mediaId(),
        option: z.enum(['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']),
      }),
    mediaReply,
  ),
  'library:export-manifest': invoke(
    () => z.strictObject({ ids: z.array(req.mediaId()).min(1).max(req.MAX_IDS) }),
    () => savedLibraryManifestReply().nullable(),
  ),
  'library:set-privacy': invoke(
    () => z.strictObject({ id: req.mediaId(), privacy: z.enum(VIDEO_PRIVACIES) }),
    mediaReply,
  ),
  'library:set-source-access': invoke(
    () => z.strictObject({ id: req.mediaId(), on: z.boolean() }),
    mediaReply,
  ),
  'library:input-info': invoke(() => z.strictObject({ id: req.mediaId() }), inputInfoReply),
  'library:clips': invoke(
    () => z.strictObject({ id: req.mediaId() }),
    () => listOf(clipReply()),
  ),
  'tracks:add': invoke(
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
  ),
  'tracks:update': invoke(
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
  ),
  'tracks:delete': invoke(() => z.strictObject({ mediaId: req.mediaId(), trackId: req.trackId() }), nothing),
  'tracks:generate-subtitles': invoke(
    () =>
      z.strictObject({
        mediaId: req.mediaId(),
        trackId: req.trackId(),
        languageCode: req.languageCode(),
        languageName: req.languageName(),
      }),
    trackReply,
  ),
  'unused:list': invoke(req.nothing, () => listOf(unusedUploadReply())),
  'unused:cancel': invoke(
    () => z.strictObject({ uploadIds: z.array(req.uploadId()).min(1).max(req.MAX_IDS) }),
    uploadBulkReply,
  ),
  'accounts:list': invoke(req.nothing, () => listOf(accountSummaryReply())),
  'accounts:add': invoke(req.newAccountSchema, accountSummaryReply),
  'accounts:add-peertube': invoke(req.newPeerTubeAccountSchema, accountSummaryReply),
  'accounts:update': invoke(
    () => z.strictObject({ name: req.accountName(), patch: req.accountUpdateSchema() }),
    accountSummaryReply,
  ),
  'accounts:capabilities': invoke(
    () => z.strictObject({ name: req.accountName() }),
    accountCapabilitiesReply,
  ),
  'accounts:channels': invoke(
    () => z.strictObject({ name: req.accountName() }),
    () => listOf(channelReply()),
  ),
  'accounts:remove': invoke(() => z.strictObject({ name: req.accountName() }), nothing),
  'accounts:select': invoke(() => z.strictObject({ name: req.accountName() }), accountSummaryReply),
  'accounts:test': invoke(() => z.strictObject({ name: req.accountName() }), nothing),
  'settings:get': invoke(req.nothing, settingsReply),
  'settings:update': invoke(() => req.settingsSchema().partial(), settingsReply),
  'app:info': invoke(req.nothing, appInfo),
  'app:open-link': invoke(() => z.strictObject({ link: z.enum(EXTERNAL_LINKS) }), nothing),
} as const satisfies Readonly<Record<string, InvokeDeclaration>>

export const EVENTS = {
  'uploads:changed': event(uploadsChangedPayload),
  'uploads:progress': event(() => listOf(uploadProgressReply())),
  'library:changed': event(nothing),
  'accounts:changed': event(() => listOf(accountSummaryReply())),
  'settings:changed': event(settingsReply),
  'app:network': event(online),
  'app:command': event(() => z.enum(APP_COMMANDS)),
} as const satisfies Readonly<Record<string, EventDeclaration>>

// ---- Derived types and lists ---------------------------------------------------------------------------

/** Invoke channel names. */
export type InvokeChannel = keyof typeof INVOKES
/** The request of an invoke channel, as main's handler receives it (parsed). */
export type InvokeRequest<C extends InvokeChannel> = z.output<(typeof INVOKES)[C]['request']>
/** The request of an invoke channel, as the window may send it. */
export type InvokeRequestInput<C extends InvokeChannel> = z.input<(typeof INVOKES)[C]['request']>
/** The success value of an invoke channel. */
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKES)[C]['result']>

/** Event channel names. */
export type EventChannel = keyof typeof EVENTS
/** The payload of every event channel. */
export type EventContract = { [E in EventChannel]: z.output<(typeof EVENTS)[E]['payload']> }

/** Every invoke channel, at runtime (the registrar and the fuzz test iterate it). */
export const INVOKE_CHANNELS = Object.keys(INVOKES) as ReadonlyArray<InvokeChannel>

/** Every event channel, at runtime. */
export const EVENT_CHANNELS = Object.keys(EVENTS) as ReadonlyArray<EventChannel>
