import { z } from 'zod'

/**
 * zod schemas for what FastPix really returns (ARCHITECTURE.md §9), written from the captures, not the spec.
 * Every object is `.loose()` (unknown extra fields are kept, never fatal); enum-like fields are plain strings
 * normalised later in to-domain.ts, so an unknown value becomes a visible 'unknown' instead of a parse error.
 * Only the fields Spool cannot work without (ids, the envelope) are required: a body without them is a
 * malformed response ('api/malformed-response').
 */

/** A number or a numeric string ("1080", "60.000"), as FastPix mixes both. */
const NumberOrString = z.union([z.number(), z.string()])

/** Any JSON value FastPix may put in a metadata map; non-strings are stringified by the mapper. */
const MetadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** Metadata map (`{}` when empty, absent on some objects). */
export const MetadataSchema = z.record(z.string(), MetadataValue)

/** `pagination` on every list: 1-based page `currentOffset`, `offsetCount` = number of pages (ARCHITECTURE.md §9). */
export const PaginationSchema = z
  .object({
    totalRecords: z.number().int().nonnegative(),
    currentOffset: z.number().int().optional(),
    offsetCount: z.number().int().nonnegative(),
  })
  .loose()

const AccessListSchema = z
  .object({ defaultPolicy: z.string().optional(), allow: z.array(z.string()).optional() })
  .loose()

/** A playback id; direct-upload settings carry them without `id` (ARCHITECTURE.md §9). */
export const PlaybackIdSchema = z
  .object({
    id: z.string().optional(),
    accessPolicy: z.string().optional(),
    accessRestrictions: z
      .object({ domains: AccessListSchema.optional(), userAgents: AccessListSchema.optional() })
      .loose()
      .optional(),
  })
  .loose()

/** A track inside a media, or a track returned by add/update/generate (union discriminated by `type`). */
export const TrackSchema = z
  .object({
    id: z.string().min(1),
    type: z.string(),
    status: z.string().optional(),
    languageCode: z.string().optional(),
    languageName: z.string().optional(),
    title: z.string().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    frameRate: NumberOrString.optional(),
    url: z.string().optional(),
  })
  .loose()
export type RawTrack = z.infer<typeof TrackSchema>

/** `generatedSubtitles[]`: `{status}` or `{status, url}` — no track id; it is in the URL. */
export const GeneratedSubtitleSchema = z
  .object({ status: z.string().optional(), url: z.string().optional() })
  .loose()

/** An MP4 rendition in the newer array form of `mp4Support` (ARCHITECTURE.md §9). */
export const Mp4RenditionSchema = z
  .object({
    type: z.string().optional(),
    status: z.string().optional(),
    height: z.number().optional(),
    width: z.number().optional(),
    ext: z.string().optional(),
  })
  .loose()

/** The media object of GET/list/PATCH responses and (partially) of create-media. */
export const MediaSchema = z
  .object({
    id: z.string().min(1),
    thumbnail: z.string().optional(),
    workspaceId: z.string().optional(),
    metadata: MetadataSchema.nullish(),
    title: z.string().nullish(),
    creatorId: z.string().nullish(),
    mediaQuality: z.string().nullish(),
    maxResolution: z.string().nullish(),
    sourceResolution: NumberOrString.nullish(),
    status: z.string().optional(),
    mp4Support: z.union([z.string(), z.array(Mp4RenditionSchema)]).nullish(),
    sourceAccess: z.boolean().nullish(),
    playbackIds: z.array(PlaybackIdSchema).nullish(),
    tracks: z.array(TrackSchema).nullish(),
    generatedSubtitles: z.array(GeneratedSubtitleSchema).nullish(),
    isAudioOnly: z.boolean().nullish(),
    subtitleAvailable: z.boolean().nullish(),
    duration: NumberOrString.nullish(),
    aspectRatio: z.string().nullish(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .loose()
export type RawMedia = z.infer<typeof MediaSchema>

/** `{success: true, data: T}`; `success` is checked loosely (some bodies omit it). */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ success: z.boolean().optional(), data }).loose()
}

/** `{success, data: T[], pagination}` of every list endpoint. */
export function listEnvelope<T extends z.ZodType>(item: T) {
  return z
    .object({ success: z.boolean().optional(), data: z.array(item), pagination: PaginationSchema })
    .loose()
}

/** `{success: true}` of the deletes. */
export const SuccessSchema = z.object({ success: z.boolean() }).loose()

export const MediaResponseSchema = envelope(MediaSchema)
export const MediaListResponseSchema = listEnvelope(MediaSchema)
export const TrackResponseSchema = envelope(TrackSchema)

/** GET summary: `data` is the text (400 "Summary not enabled" before generation, ARCHITECTURE.md §9). */
export const SummaryResponseSchema = envelope(z.union([z.string(), z.null()]))

/** PATCH summary (the "generate" call): `{mediaId, isSummaryEnabled}`. */
export const SummaryPatchResponseSchema = envelope(
  z.object({ mediaId: z.string().optional(), isSummaryEnabled: z.boolean().optional() }).loose(),
)

/** GET input-info: `containerFormat` is garbage for direct uploads (ARCHITECTURE.md §9). */
export const InputInfoResponseSchema = envelope(
  z
    .object({
      configuration: z.object({ url: z.string().optional() }).loose().nullish(),
      file: z
        .object({ containerFormat: z.string().nullish(), tracks: z.array(TrackSchema).nullish() })
        .loose()
        .nullish(),
    })
    .loose(),
)

/** A clip (media-clips / live-clips): only empty lists were ever captured, so any object is accepted. */
export const ClipSchema = z.record(z.string(), z.unknown())
export const ClipListResponseSchema = listEnvelope(ClipSchema)
