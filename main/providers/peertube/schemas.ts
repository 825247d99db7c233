import { z } from 'zod'

/**
 * zod schemas of what PeerTube 6.3.2 really returns, written from the captured exchanges
 * (test/fixtures/peertube-captured), not only from the OpenAPI text. Objects are `.loose()` so
 * fields a newer server adds are kept and never fatal; only what Spool cannot work without is required.
 */

/** `{id, label}` pairs (category, licence, privacy, state, commentsPolicy); ids are numbers except language. */
const NumericConstant = z.object({ id: z.number().int(), label: z.string() }).loose()
const NullableNumericConstant = z.object({ id: z.number().int().nullable(), label: z.string() }).loose()
const LanguageConstant = z.object({ id: z.string().nullable(), label: z.string() }).loose()

/** `GET /api/v1/config` (public): only what the uploader reads. */
export const ServerConfigSchema = z
  .object({
    serverVersion: z.string(),
    video: z
      .object({
        image: z
          .object({
            extensions: z.array(z.string()),
            size: z.object({ max: z.number() }).loose(),
          })
          .loose(),
        file: z.object({ extensions: z.array(z.string()) }).loose(),
      })
      .loose(),
    videoCaption: z
      .object({
        file: z
          .object({ size: z.object({ max: z.number() }).loose(), extensions: z.array(z.string()) })
          .loose(),
      })
      .loose(),
    client: z
      .object({
        videos: z
          .object({
            /** 0 when the admin has not set it (no limit advertised). */
            resumableUpload: z.object({ maxChunkSize: z.number().nonnegative() }).loose(),
          })
          .loose(),
      })
      .loose()
      .optional(),
    user: z.object({ videoQuota: z.number(), videoQuotaDaily: z.number() }).loose().optional(),
  })
  .loose()
export type ServerConfig = z.infer<typeof ServerConfigSchema>

/** `GET /api/v1/oauth-clients/local`. */
export const OAuthClientSchema = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) })

/** `POST /api/v1/users/token` (password and refresh grants). */
export const TokenResponseSchema = z
  .object({
    token_type: z.string(),
    access_token: z.string().min(1),
    refresh_token: z.string().min(1),
    expires_in: z.number().positive(),
    refresh_token_expires_in: z.number().positive(),
  })
  .loose()
export type TokenResponse = z.infer<typeof TokenResponseSchema>

/** `POST /api/v1/users/revoke-token` → `{"success":true}` (extra fields tolerated). */
export const RevokeResponseSchema = z.object({ success: z.boolean().optional() }).loose()

/** A video channel as `/users/me`, `/accounts/{name}/video-channels` and `/video-channels/{name}` give it. */
export const ChannelSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    displayName: z.string(),
    url: z.string().optional(),
    host: z.string().optional(),
    description: z.string().nullable().optional(),
    isLocal: z.boolean().optional(),
  })
  .loose()
export type Channel = z.infer<typeof ChannelSchema>

export const ChannelListSchema = z.object({ total: z.number().int(), data: z.array(ChannelSchema) }).loose()

/** `GET /api/v1/users/me`: -1 quotas mean unlimited. */
export const MeSchema = z
  .object({
    id: z.number().int().positive(),
    username: z.string(),
    videoQuota: z.number(),
    videoQuotaDaily: z.number(),
    role: z.object({ id: z.number().int(), label: z.string() }).loose().optional(),
    twoFactorEnabled: z.boolean().optional(),
    account: z.object({ id: z.number().int(), name: z.string() }).loose().optional(),
    videoChannels: z.array(ChannelSchema).default([]),
  })
  .loose()
export type Me = z.infer<typeof MeSchema>

/** `GET /api/v1/users/me/video-quota-used`. */
export const QuotaUsedSchema = z
  .object({ videoQuotaUsed: z.number(), videoQuotaUsedDaily: z.number() })
  .loose()
export type QuotaUsed = z.infer<typeof QuotaUsedSchema>

const VideoFileSchema = z
  .object({
    id: z.number().int().optional(),
    resolution: NumericConstant.optional(),
    width: z.number().nullable().optional(),
    height: z.number().nullable().optional(),
    size: z.number().optional(),
    fps: z.number().optional(),
    fileUrl: z.string().optional(),
    torrentUrl: z.string().nullable().optional(),
    magnetUri: z.string().nullable().optional(),
  })
  .loose()

const VideoOwnerSchema = z
  .object({ id: z.number().int(), name: z.string(), displayName: z.string().optional() })
  .loose()

/**
 * A video: `GET /videos/{id}` (with `tags`, `files`, full channel) and `GET /users/me/videos` items
 * (no `tags`, no `files`; 6.3.2 adds `state`, `waitTranscoding`, `blacklisted`).
 */
export const VideoSchema = z
  .object({
    id: z.number().int().positive(),
    uuid: z.string(),
    shortUUID: z.string(),
    name: z.string(),
    url: z.string().optional(),
    category: NullableNumericConstant.optional(),
    licence: NullableNumericConstant.optional(),
    language: LanguageConstant.optional(),
    privacy: NumericConstant,
    nsfw: z.boolean().optional(),
    description: z.string().nullable().optional(),
    duration: z.number().nonnegative(),
    aspectRatio: z.number().nullable().optional(),
    thumbnailPath: z.string().nullable().optional(),
    previewPath: z.string().nullable().optional(),
    embedPath: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string().nullable().optional(),
    publishedAt: z.string().nullable().optional(),
    originallyPublishedAt: z.string().nullable().optional(),
    isLive: z.boolean().optional(),
    state: NumericConstant.optional(),
    waitTranscoding: z.boolean().nullable().optional(),
    blacklisted: z.boolean().nullable().optional(),
    account: VideoOwnerSchema.optional(),
    channel: VideoOwnerSchema.optional(),
    tags: z.array(z.string()).optional(),
    files: z.array(VideoFileSchema).optional(),
    streamingPlaylists: z.array(z.object({ files: z.array(VideoFileSchema).optional() }).loose()).optional(),
    commentsEnabled: z.boolean().optional(),
    downloadEnabled: z.boolean().optional(),
    support: z.string().nullable().optional(),
  })
  .loose()
export type RawVideo = z.infer<typeof VideoSchema>

export const VideoListSchema = z
  .object({ total: z.number().int().nonnegative(), data: z.array(VideoSchema) })
  .loose()

/** The final 200 of a resumable upload: `{"video":{"id","shortUUID","uuid"}}`. */
export const UploadCompleteSchema = z.object({
  video: z.object({ id: z.number().int().positive(), shortUUID: z.string(), uuid: z.string() }).loose(),
})
export type UploadedVideo = z.infer<typeof UploadCompleteSchema>['video']

/** `GET /videos/{languages,categories,privacies,licences}`: id → label. */
/** GET /videos/{id}/source (PeerTube 6.1+, owner only): what was uploaded. */
export const VideoSourceSchema = z
  .object({
    inputFilename: z.string().nullable().optional(),
    filename: z.string().nullable().optional(),
    size: z.number().nullable().optional(),
  })
  .loose()
export type VideoSource = z.infer<typeof VideoSourceSchema>

export const VideoConstantsSchema = z.record(z.string(), z.string())

/** A caption item: 6.3.2 has `captionPath` only (no `fileUrl`). */
export const CaptionSchema = z
  .object({
    language: LanguageConstant,
    automaticallyGenerated: z.boolean().optional(),
    captionPath: z.string().optional(),
    fileUrl: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .loose()
export type RawCaption = z.infer<typeof CaptionSchema>

export const CaptionListSchema = z
  .object({ total: z.number().int().nonnegative(), data: z.array(CaptionSchema) })
  .loose()

/** `POST /api/v1/users` (admin) → `{"user":{"id","account":{"id"}}}`. */
export const CreatedUserSchema = z
  .object({
    user: z.object({ id: z.number().int(), account: z.object({ id: z.number().int() }).loose() }).loose(),
  })
  .loose()

/** One entry of `invalid-params` on a validation problem. */
const InvalidParamSchema = z
  .object({ msg: z.string().optional(), path: z.string().optional(), location: z.string().optional() })
  .loose()

/**
 * PeerTube's RFC 7807 body (`application/problem+json`). `code` is present only with a specific `type`;
 * 6.3.2 also sends `error`, a copy of `detail`.
 */
export const ProblemSchema = z
  .object({
    type: z.string().optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    status: z.number().int().optional(),
    code: z.string().optional(),
    error: z.string().optional(),
    docs: z.string().optional(),
    instance: z.string().optional(),
    'invalid-params': z.record(z.string(), InvalidParamSchema).optional(),
  })
  .loose()
export type Problem = z.infer<typeof ProblemSchema>

/** Errors raised by the resumable-upload engine: `application/json` `{"error":{"code","message"}}`. */
export const EngineErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }).loose(),
})
export type EngineError = z.infer<typeof EngineErrorSchema>
