import { z } from 'zod'
import {
  isRemoteId,
  UUID_PATTERN,
  type AccountName,
  type JobId,
  type MediaId,
  type TrackId,
  type UploadId,
} from '../domain/ids.ts'
import { MEDIA_STATUSES, METADATA_LIMITS } from '../domain/media.ts'
import { VIDEO_PRIVACIES } from '../domain/upload.ts'
import { lazySchema } from './lazy-schema.ts'

/**
 * The pieces the request schemas of common/ipc/contract.ts are made of (ARCHITECTURE.md §8.3): main parses every
 * payload with those before a service sees it. Every string, array and record is bounded, so a hostile
 * renderer cannot make main allocate without limit. Objects are strict: unknown keys are rejected rather
 * than passed along. Each is built when first asked for (lazy-schema.ts).
 */

export { METADATA_LIMITS }
/** The most paths one enqueue may carry (a dropped folder counts as one path). */
export const MAX_PATHS = 10_000
/** The most ids one bulk action may carry. */
export const MAX_IDS = 10_000

// Ids end up in URL paths, so only the shapes providers issue are accepted: no dots, slashes or escapes
// (issue 14 §1). Each provider checks its own, narrower shape again in its URL builder.
export const remoteId = lazySchema(() => z.string().min(1).max(64).refine(isRemoteId, 'not an id'))
export const jobId = lazySchema(() =>
  z
    .string()
    .regex(UUID_PATTERN, 'not a job id')
    .transform((s) => s as JobId),
)
export const mediaId = lazySchema(() => remoteId().transform((s) => s as MediaId))
export const uploadId = lazySchema(() => remoteId().transform((s) => s as UploadId))
export const trackId = lazySchema(() => remoteId().transform((s) => s as TrackId))
export const accountName = lazySchema(() =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ., - and _ only')
    .transform((s) => s as AccountName),
)

export const nothing = lazySchema(() => z.union([z.null(), z.undefined()]).transform(() => null))
export const path = lazySchema(() => z.string().min(1).max(4096))
// common/ has no URL global (no DOM, no Node types), so the shape is checked with a pattern; main's services
// parse it again with the URL parser before use.
export const httpUrl = lazySchema(() =>
  z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(?:[/?#][^\s]*)?$/i, 'must be an http(s) URL'),
)

/** A metadata map within FastPix's limits. */
export const metadataSchema = lazySchema(() =>
  z
    .record(
      z.string().min(1).max(METADATA_LIMITS.maxKeyLength),
      z.string().max(METADATA_LIMITS.maxValueLength),
    )
    .refine((m) => Object.keys(m).length <= METADATA_LIMITS.maxKeys, {
      message: `at most ${METADATA_LIMITS.maxKeys} metadata keys`,
    }),
)

export const accessPolicy = lazySchema(() => z.enum(['public', 'private']))
export const maxResolution = lazySchema(() => z.enum(['480p', '720p', '1080p', '1440p', '2160p']))

/** The settings of a batch (or of one file). */
export const uploadSettingsSchema = lazySchema(() =>
  z.strictObject({
    title: z.string().max(255).optional(),
    accessPolicy: accessPolicy(),
    maxResolution: maxResolution().optional(),
    metadata: metadataSchema(),
    // PeerTube's video settings (FastPix ignores them).
    description: z.string().max(10_000).optional(),
    tags: z.array(z.string().min(2).max(30)).max(5).readonly().optional(),
    channel: z
      .string()
      .max(50)
      .regex(/^[A-Za-z0-9_.]+$/, 'a channel handle such as my_channel')
      .optional(),
    privacy: z.enum(VIDEO_PRIVACIES).optional(),
    waitTranscoding: z.boolean().optional(),
  }),
)

export const selection = lazySchema(() =>
  z.union([z.strictObject({ ids: z.array(jobId()).max(MAX_IDS) }), z.strictObject({ all: z.literal(true) })]),
)

export const mediaStatus = lazySchema(() => z.enum([...MEDIA_STATUSES, 'unknown']))

export const languageCode = lazySchema(() =>
  z
    .string()
    .min(2)
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a language code such as en or pt-BR'),
)
export const languageName = lazySchema(() => z.string().min(1).max(100))

/** The editable settings; partial on update. */
export const settingsSchema = lazySchema(() =>
  z.strictObject({
    concurrency: z.number().int().min(1).max(16),
    chunkSizeMiB: z.number().int().min(1).max(512).nullable(),
    bandwidthCap: z.number().int().min(65_536).max(10_000_000_000).nullable(),
    defaultUpload: uploadSettingsSchema(),
  }),
)

/** A new FastPix account: the only time a secret crosses IPC (renderer → main, never back). */
export const newAccountSchema = lazySchema(() =>
  z.strictObject({
    name: z.string().min(1).max(64),
    apiUrl: httpUrl(),
    streamUrl: httpUrl().optional(),
    tokenId: z.string().trim().min(1).max(256),
    secretKey: z.string().trim().min(1).max(512),
  }),
)

/** A certificate's SHA-256 fingerprint as Spool prints it (`SHA256:AB:…`), colons and prefix optional. */
const certificateFingerprint = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^(?:SHA256:)?(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'a SHA-256 fingerprint'),
)

/** The six-digit one-time code of a PeerTube sign-in. */
const oneTimeCode = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'a one-time code has 6 digits'),
)

/**
 * A new PeerTube account: the password crosses IPC once (renderer → main) for the sign-in and is never kept;
 * `otp` is the one-time code, sent again with the same request when main answers `auth/otp-required`.
 */
export const newPeerTubeAccountSchema = lazySchema(() =>
  z.strictObject({
    name: z.string().min(1).max(64),
    instanceUrl: httpUrl(),
    username: z.string().trim().min(1).max(50),
    password: z.string().min(1).max(1024),
    otp: oneTimeCode().optional(),
    trustFingerprint: certificateFingerprint().optional(),
  }),
)

/**
 * A change to a stored account: new URLs, a new FastPix key pair, or a PeerTube sign-in again (password,
 * used once, and the one-time code when asked). Main verifies it before anything is replaced.
 */
export const accountUpdateSchema = lazySchema(() =>
  z.strictObject({
    apiUrl: httpUrl().optional(),
    streamUrl: httpUrl().optional(),
    tokenId: z.string().trim().min(1).max(256).optional(),
    secretKey: z.string().trim().min(1).max(512).optional(),
    username: z.string().trim().min(1).max(50).optional(),
    password: z.string().min(1).max(1024).optional(),
    otp: oneTimeCode().optional(),
    trustFingerprint: certificateFingerprint().optional(),
  }),
)

/** Turns zod issues into one short, user-readable sentence (no payload values echoed back). */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
  return first.join('; ')
}
