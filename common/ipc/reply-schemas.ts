import { z } from 'zod'
import type { AccountName, BatchId, JobId, MediaId, TrackId, UploadId } from '../domain/ids.ts'
import type { AccountSummary, ProviderKind } from '../domain/account.ts'
import { MEDIA_STATUSES } from '../domain/media.ts'
import type {
  Clip,
  GeneratedSubtitle,
  InputInfo,
  LibraryPage,
  Media,
  MediaSummary,
  Page,
  Track,
  UnusedUpload,
} from '../domain/media.ts'
import type { Settings } from '../domain/settings.ts'
import {
  BATCH_ORIGINS,
  UPLOAD_STATES,
  VIDEO_PRIVACIES,
  type Batch,
  type EnqueueReport,
  type RelocationReport,
  type UploadJob,
  type UploadProgress,
  type UploadSettings,
  type VideoPrivacy,
} from '../domain/upload.ts'
import { lazySchema } from './lazy-schema.ts'
import { APP_ERROR_CODES, type AppError } from './result.ts'

/**
 * Shapes of what main sends back (replies and events), checked by main as they leave (main/ipc/dispatch.ts,
 * main/ipc/emitter.ts). Each is annotated with its domain type, so a domain change that the schema misses is a
 * compile error. They check shape, not content: main made these values, so ids, URLs and lengths are not
 * re-judged here, and unknown keys are dropped rather than refused, so a field no schema names never reaches
 * the window's process. Each is built when first asked for (lazy-schema.ts).
 */

/** A list of `item`, typed as the read-only array the domain uses. */
export const listOf = <T>(item: z.ZodType<T>): z.ZodType<ReadonlyArray<T>> => z.array(item)

/** An optional field; null is read as absent (both mean "not there" to the UI). */
const optional = <T>(s: z.ZodType<T>): z.ZodType<T | undefined> =>
  s.nullish().transform((v) => (v === null ? undefined : v))

const brand = <B extends string>() => z.string().transform((s) => s as B)
const jobId = lazySchema(() => brand<JobId>())
const batchId = lazySchema(() => brand<BatchId>())
const mediaId = lazySchema(() => brand<MediaId>())
const uploadId = lazySchema(() => brand<UploadId>())
const trackId = lazySchema(() => brand<TrackId>())
const accountName = lazySchema(() => brand<AccountName>())
const stringMap = lazySchema(() => z.record(z.string(), z.string()))
const unknownMap = lazySchema(() => z.record(z.string(), z.unknown()))
const accessPolicy = lazySchema(() => z.enum(['public', 'private']))

export const appErrorReply = lazySchema((): z.ZodType<AppError> =>
  z.object({
    code: z.enum(APP_ERROR_CODES),
    message: z.string(),
    detail: optional(z.string()),
    status: optional(z.number()),
    fields: optional(listOf(z.object({ field: z.string(), message: z.string() }))),
    retryable: optional(z.boolean()),
    retryAfterMs: optional(z.number()),
  }),
)

export const uploadSettingsReply = lazySchema((): z.ZodType<UploadSettings> =>
  z.object({
    title: optional(z.string()),
    accessPolicy: accessPolicy(),
    maxResolution: optional(z.enum(['480p', '720p', '1080p', '1440p', '2160p'])),
    metadata: stringMap(),
  }),
)

const uploadState = lazySchema(() =>
  z.enum(UPLOAD_STATES as readonly [UploadJob['state'], ...UploadJob['state'][]]),
)

export const uploadJobReply = lazySchema((): z.ZodType<UploadJob> =>
  z.object({
    id: jobId(),
    batchId: batchId().nullable(),
    account: accountName(),
    path: z.string(),
    relativeDir: z.string(),
    name: z.string(),
    size: z.number(),
    state: uploadState(),
    bytesAcked: z.number(),
    uploadId: uploadId().nullable(),
    mediaId: mediaId().nullable(),
    error: appErrorReply().nullable(),
    attempts: z.number(),
    settings: uploadSettingsReply(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
)

export const uploadProgressReply = lazySchema((): z.ZodType<UploadProgress> =>
  z.object({
    id: jobId(),
    bytesAcked: z.number(),
    bytesInFlight: z.number(),
    rate: z.number(),
    etaSeconds: z.number().nullable(),
  }),
)

export const batchReply = lazySchema((): z.ZodType<Batch> =>
  z.object({
    id: batchId(),
    label: z.string(),
    origin: z.enum(BATCH_ORIGINS as readonly [Batch['origin'], ...Batch['origin'][]]),
    manifestPath: z.string().nullable(),
    createdAt: z.string(),
  }),
)

export const enqueueReportReply = lazySchema((): z.ZodType<EnqueueReport> =>
  z.object({
    batch: batchReply().nullable(),
    added: listOf(uploadJobReply()),
    skipped: listOf(z.object({ path: z.string(), reason: appErrorReply() })),
    duplicates: listOf(
      z.object({
        path: z.string(),
        match: z.enum(['same-file', 'same-content', 'library', 'moved']),
        existingJobId: jobId().nullable(),
        state: uploadState().nullable(),
        copy: z.object({
          account: accountName(),
          mediaId: mediaId().nullable(),
          title: z.string().nullable(),
        }),
      }),
    ),
  }),
)

export const relocationReportReply = lazySchema((): z.ZodType<RelocationReport> =>
  z.object({
    moved: listOf(
      z.object({
        jobId: z.string(),
        from: z.string(),
        to: z.string(),
        bytesAcked: z.number(),
        size: z.number(),
      }),
    ),
    notFound: listOf(z.object({ jobId: z.string(), path: z.string() })),
  }),
)

const trackStatus = lazySchema(() => z.enum(['ready', 'preparing', 'failed', 'unknown']))

export const trackReply = lazySchema((): z.ZodType<Track> =>
  z.object({
    id: trackId(),
    type: z.enum(['video', 'audio', 'subtitle', 'unknown']),
    rawType: z.string(),
    status: trackStatus(),
    rawStatus: z.string(),
    languageCode: optional(z.string()),
    languageName: optional(z.string()),
    title: optional(z.string()),
    width: optional(z.number()),
    height: optional(z.number()),
    frameRate: optional(z.string()),
    url: optional(z.string()),
  }),
)

const generatedSubtitle = lazySchema((): z.ZodType<GeneratedSubtitle> =>
  z.object({
    status: trackStatus(),
    rawStatus: z.string(),
    url: optional(z.string()),
    trackId: optional(trackId()),
  }),
)

const mp4Option = lazySchema(() => z.enum(['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']))

export const mediaReply = lazySchema((): z.ZodType<Media> =>
  z.object({
    id: mediaId(),
    title: z.string().nullable(),
    status: z.enum([...MEDIA_STATUSES, 'unknown']),
    rawStatus: z.string(),
    durationSeconds: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
    thumbnailUrl: z.string().nullable(),
    playbackIds: listOf(
      z.object({ id: z.string(), accessPolicy: z.enum(['public', 'private', 'drm', 'unknown']) }),
    ),
    metadata: stringMap(),
    creatorId: z.string().nullable(),
    isAudioOnly: z.boolean(),
    maxResolution: z.string().nullable(),
    sourceResolution: z.string().nullable(),
    aspectRatio: z.string().nullable(),
    mediaQuality: z.string().nullable(),
    sourceAccess: z.boolean(),
    mp4Support: z.object({
      option: z.union([mp4Option(), z.literal('unknown')]),
      renditions: listOf(
        z.object({
          type: z.string(),
          status: z.string(),
          width: optional(z.number()),
          height: optional(z.number()),
          ext: optional(z.string()),
        }),
      ),
    }),
    tracks: listOf(trackReply()),
    generatedSubtitles: listOf(generatedSubtitle()),
  }),
)

/** A page of `item`. */
export const pageOf = <T>(item: z.ZodType<T>): z.ZodType<Page<T>> =>
  z.object({ items: listOf(item), total: z.number(), offset: z.number(), limit: z.number() })

export const libraryPageReply = lazySchema((): z.ZodType<LibraryPage> =>
  z.object({
    items: listOf(mediaReply()),
    total: z.number(),
    offset: z.number(),
    limit: z.number(),
    refreshedAt: z.string().nullable(),
  }),
)

export const mediaSummaryReply = lazySchema((): z.ZodType<MediaSummary> =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('not-generated') }),
    z.object({ state: z.literal('preparing') }),
    z.object({ state: z.literal('ready'), text: z.string(), sandbox: z.boolean() }),
  ]),
)

export const inputInfoReply = lazySchema((): z.ZodType<InputInfo> =>
  z.object({
    containerFormat: z.string().nullable(),
    url: z.string().nullable(),
    tracks: listOf(unknownMap()),
    raw: unknownMap(),
  }),
)

export const clipReply = lazySchema((): z.ZodType<Clip> => unknownMap())

export const unusedUploadReply = lazySchema((): z.ZodType<UnusedUpload> =>
  z.object({
    uploadId: uploadId(),
    origin: z.enum(['resumable-here', 'orphaned', 'expired']),
    createdAt: z.string().nullable(),
    ageSeconds: z.number().nullable(),
    expiresInSeconds: z.number().nullable(),
    accessPolicy: z.enum(['public', 'private', 'unknown']),
    metadata: stringMap(),
    jobId: z.string().nullable(),
    path: z.string().nullable(),
  }),
)

export const accountSummaryReply = lazySchema((): z.ZodType<AccountSummary> =>
  z.object({
    name: accountName(),
    // Any provider kind main knows; the renderer shows what it does not recognise as it is.
    kind: brand<ProviderKind>(),
    apiUrl: z.string(),
    streamUrl: z.string(),
    builtIn: z.boolean(),
    selected: z.boolean(),
    tokenIdHint: z.string().nullable(),
    username: optional(z.string()),
    certificateFingerprint: optional(z.string()),
  }),
)

/**
 * What an account's destination can do (main's ProviderCapabilities, by provider kind): the UI hides what is
 * not there instead of offering it and failing.
 */
export type AccountCapabilities = Readonly<{
  summaries: boolean
  generatedSubtitles: boolean
  /** Tracks are added from a URL only (FastPix); otherwise captions are uploaded as files (PeerTube). */
  tracksByUrlOnly: boolean
  mp4Support: boolean
  sourceAccess: boolean
  unusedUploads: boolean
  clips: boolean
  /** The privacy levels an existing media can be switched to; absent or empty: fixed at upload. */
  privacyChoices?: ReadonlyArray<VideoPrivacy>
  /** Free-form metadata budget; zero keys means the destination has none. */
  metadataLimits: Readonly<{ maxKeys: number; maxValueLength: number }>
}>

export const accountCapabilitiesReply = lazySchema((): z.ZodType<AccountCapabilities> =>
  z.object({
    summaries: z.boolean(),
    generatedSubtitles: z.boolean(),
    tracksByUrlOnly: z.boolean(),
    mp4Support: z.boolean(),
    sourceAccess: z.boolean(),
    unusedUploads: z.boolean(),
    clips: z.boolean(),
    privacyChoices: z.array(z.enum(VIDEO_PRIVACIES)).optional(),
    metadataLimits: z.object({ maxKeys: z.number(), maxValueLength: z.number() }),
  }),
)

/** A PeerTube channel an account can publish to: its handle (`name`) and what people see. */
export type ChannelSummary = Readonly<{ name: string; displayName: string }>

export const channelReply = lazySchema((): z.ZodType<ChannelSummary> =>
  z.object({
    name: z.string(),
    displayName: z.string(),
  }),
)

export const settingsReply = lazySchema((): z.ZodType<Settings> =>
  z.object({
    concurrency: z.number(),
    chunkSizeMiB: z.number().nullable(),
    bandwidthCap: z.number().nullable(),
    defaultUpload: uploadSettingsReply(),
  }),
)

/** Outcome of a bulk action where each item can fail on its own (bulk delete, bulk cancel). */
export type BulkReport<Id extends string> = Readonly<{
  done: ReadonlyArray<Id>
  failed: ReadonlyArray<Readonly<{ id: Id; error: AppError }>>
}>

/** A bulk report over ids of `id`'s kind. */
export const bulkReportOf = <Id extends string>(id: z.ZodType<Id>): z.ZodType<BulkReport<Id>> =>
  z.object({ done: listOf(id), failed: listOf(z.object({ id, error: appErrorReply() })) })

export const mediaBulkReply = lazySchema(() => bulkReportOf(mediaId()))

/** Selected media saved as manifest rows: the file's name, rows written, rows with no file on this computer. */
export type SavedLibraryManifest = Readonly<{ name: string; rows: number; withoutFile: number }>

export const savedLibraryManifestReply = lazySchema((): z.ZodType<SavedLibraryManifest> =>
  z.object({
    name: z.string(),
    rows: z.number(),
    withoutFile: z.number(),
  }),
)
export const uploadBulkReply = lazySchema(() => bulkReportOf(uploadId()))
