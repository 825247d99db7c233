import { z } from 'zod'
import { invalid, type FieldError } from './http-util.ts'

// Request validation. Invalid bodies answer 422 with `fields[]` exactly like FastPix (ARCHITECTURE.md §9).

const metadata = z
  .record(z.string(), z.string().max(255))
  .refine((m) => Object.keys(m).length <= 10, 'must have at most 10 keys')
const accessPolicy = z.enum(['public', 'private', 'drm'])
const mediaQuality = z.enum(['standard', 'pro', 'premium'])
const maxResolution = z.enum(['2160p', '1440p', '1080p', '720p', '480p'])
const mp4Request = z.enum(['capped_4k', 'audioOnly', 'audioOnly,capped_4k'])

/** The BCP-47 codes FastPix accepts for generated subtitles (the spec's `LanguageCode` enum). */
export const LANGUAGE_CODES = [
  'ar-SA', 'bn-BD', 'bn-IN', 'ca-ES', 'cs-CZ', 'da-DK', 'de-AT', 'de-CH', 'de-DE', 'el-GR', 'en-AU', 'en-CA',
  'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-ZA', 'es-AR', 'es-CL', 'es-CO', 'es-ES', 'es-MX', 'es-US',
  'fi-FI', 'fr-BE', 'fr-CA', 'fr-CH', 'fr-FR', 'he-IL', 'hi-IN', 'hr-HR', 'hu-HU', 'id-ID', 'it-CH', 'it-IT',
  'ja-JP', 'ko-KR', 'ms-MY', 'nb-NO', 'nl-BE', 'nl-NL', 'no-NO', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU',
  'sk-SK', 'sv-SE', 'ta-IN', 'ta-LK', 'te-IN', 'th-TH', 'tr-TR', 'uk-UA', 'vi-VN', 'bg-BG', 'zh-CN', 'zh-HK',
  'zh-TW',
] as const // prettier-ignore

const settingsShape = {
  metadata: metadata.optional(),
  mediaQuality: mediaQuality.optional(),
  maxResolution: maxResolution.optional(),
  sourceAccess: z.boolean().optional(),
  optimizeAudio: z.boolean().optional(),
  title: z.string().max(255).optional(),
  creatorId: z.string().max(255).optional(),
  mp4Support: mp4Request.optional(),
}

/** `POST /on-demand/upload`: corsOrigin and pushMediaSettings.accessPolicy are required (ARCHITECTURE.md §9). */
export const directUploadBody = z.object({
  corsOrigin: z.string(),
  pushMediaSettings: z.object({ accessPolicy, ...settingsShape }),
})

/** `POST /on-demand` (create from URL). */
export const createMediaBody = z.object({
  accessPolicy,
  inputs: z
    .array(z.looseObject({ type: z.string(), url: z.string().optional() }))
    .min(1, 'must contain at least one input'),
  ...settingsShape,
})

/** `PATCH /on-demand/{mediaId}`. */
export const patchMediaBody = z.object({
  metadata: metadata.optional(),
  title: z.string().max(255).optional(),
  creatorId: z.string().max(255).optional(),
})

/** `POST /on-demand/{mediaId}/tracks`. */
export const addTrackBody = z.object({
  tracks: z.object({
    url: z.url(),
    type: z.enum(['audio', 'subtitle']),
    languageCode: z.string().min(1),
    languageName: z.string().min(1),
    title: z.string().max(255).optional(),
  }),
})

/** `PATCH /on-demand/{mediaId}/tracks/{trackId}` (url accepted but ignored: it cannot be changed). */
export const updateTrackBody = z.object({
  languageCode: z.string().min(1),
  languageName: z.string().min(1),
  url: z.url().optional(),
  title: z.string().max(255).optional(),
})

/** `POST …/tracks/{trackId}/generate-subtitles`. */
export const generateSubtitlesBody = z.object({
  languageCode: z.enum(LANGUAGE_CODES),
  languageName: z.string().min(1),
  metadata: metadata.optional(),
  title: z.string().max(255).optional(),
})

/** `PATCH /on-demand/{mediaId}/summary`. */
export const summaryBody = z.object({
  generate: z.boolean(),
  summaryLength: z.int().min(30).max(250).optional(),
})

/** `PATCH /on-demand/{mediaId}/source-access`. */
export const sourceAccessBody = z.object({ sourceAccess: z.boolean() })

/** `PATCH /on-demand/{mediaId}/update-mp4Support`. */
export const mp4SupportBody = z.object({
  mp4Support: z.enum(['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']),
})

/** Parses a body with a schema, turning failures into FastPix's 422 `fields[]`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body === undefined ? {} : body)
  if (result.success) return result.data
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : 'body',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }))
  throw invalid(fields)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Checks a path id is a uuid (the spec's `format: uuid`); malformed ids are 422, unknown ones 404. */
export function requireUuid(name: string, value: string | undefined): string {
  if (value === undefined || !UUID.test(value)) throw invalid([{ field: name, message: 'is invalid' }])
  return value.toLowerCase()
}
