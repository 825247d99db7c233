import { z } from 'zod'
import { envelope, listEnvelope, MetadataSchema, PlaybackIdSchema } from './schemas.ts'

/**
 * Direct-upload objects (POST /on-demand/upload, GET /on-demand/uploads, PUT …/cancel). `url` is a GCS
 * session URI — a bearer credential: parse it, use it, never log or cache it.
 */
export const PushMediaSettingsSchema = z
  .object({
    playbackIds: z.array(PlaybackIdSchema).optional(),
    accessPolicy: z.string().optional(),
    metadata: MetadataSchema.nullish(),
    mediaQuality: z.string().optional(),
    sourceAccess: z.boolean().optional(),
    maxResolution: z.string().optional(),
  })
  .loose()

/** One upload as create / list / cancel return it (cancel flattens the settings, ARCHITECTURE.md §9). */
export const UploadSchema = z
  .object({
    uploadId: z.string().min(1),
    trial: z.boolean().optional(),
    status: z.string().optional(),
    url: z.string().optional(),
    timeout: z.number().optional(),
    corsOrigin: z.string().optional(),
    createdAt: z.string().optional(),
    accessPolicy: z.string().optional(),
    maxResolution: z.string().optional(),
    metadata: MetadataSchema.nullish(),
    pushMediaSettings: PushMediaSettingsSchema.optional(),
  })
  .loose()
export type RawUpload = z.infer<typeof UploadSchema>

/** POST /on-demand/upload (201). */
export const DirectUploadResponseSchema = envelope(UploadSchema.extend({ url: z.string().min(1) }))
/** GET /on-demand/uploads. */
export const UploadListResponseSchema = listEnvelope(UploadSchema)
/** PUT /on-demand/upload/{uploadId}/cancel. */
export const CancelUploadResponseSchema = envelope(UploadSchema)
