import { z } from 'zod'
import type { AppError } from '../../common/ipc/result.ts'
import {
  UPLOAD_STATES,
  type UploadJob,
  type UploadSettings,
  type UploadState,
} from '../../common/domain/upload.ts'
import {
  asAccountName,
  asBatchId,
  asJobId,
  asMediaId,
  asUploadId,
  type BatchId,
  type JobId,
} from '../../common/domain/ids.ts'

/**
 * A job as the engine sees it: one `upload_jobs` row (migration 0001) in camelCase, with its JSON columns
 * (settings, error) parsed once, here. Only the repository builds these; nothing else sees the SQL shape.
 */
export type JobRecord = Readonly<{
  id: JobId
  /** The batch it was added in (migration 0007); null for older jobs. */
  batchId: BatchId | null
  account: string
  path: string
  name: string
  relativeDir: string
  size: number
  mtimeMs: number
  ino: string
  dev: string
  settings: UploadSettings
  noWait: boolean
  state: UploadState
  uploadId: string | null
  mediaId: string | null
  /** The sealed session URI (session-vault.ts); never leaves main. */
  sessionEnc: Buffer | null
  bytesAcked: number
  attempts: number
  sessionsCreated: number
  /**
   * Creates that may have reached the server: more than `sessionsCreated` means an upload made for this job
   * may exist that it does not hold (an answer lost to a crash); the orphan sweep settles it.
   */
  createsSent: number
  nextAttemptAt: number
  error: AppError | null
  crc32cLocal: string | null
  md5Local: string | null
  leaseOwner: string | null
  leaseUntil: number
  createdAt: string
  updatedAt: string
}>

/** The stored settings (lenient: what an older version wrote must still load). */
const StoredSettings = z
  .object({
    title: z.string().optional(),
    accessPolicy: z.enum(['public', 'private']),
    maxResolution: z.enum(['480p', '720p', '1080p', '1440p', '2160p']).optional(),
    metadata: z.record(z.string(), z.string()).default({}),
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    channel: z.string().optional(),
    privacy: z.enum(['public', 'unlisted', 'private', 'internal']).optional(),
    waitTranscoding: z.boolean().optional(),
  })
  .loose()

/** The stored error: an AppError as the engine wrote it. */
const StoredError = z
  .object({
    code: z.string(),
    message: z.string(),
    detail: z.string().optional(),
    status: z.number().optional(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    retryable: z.boolean().optional(),
    retryAfterMs: z.number().optional(),
  })
  .loose()

/** The raw row (snake_case, JSON as text); private to the repository. */
export const JobRowSchema = z.object({
  id: z.string(),
  account: z.string(),
  path: z.string(),
  name: z.string(),
  relative_dir: z.string(),
  size: z.number(),
  mtime_ms: z.number(),
  ino: z.string(),
  dev: z.string(),
  settings: z.string(),
  no_wait: z.number(),
  state: z.enum(UPLOAD_STATES as [UploadState, ...UploadState[]]),
  upload_id: z.string().nullable(),
  media_id: z.string().nullable(),
  session_enc: z.instanceof(Buffer).nullable(),
  bytes_acked: z.number(),
  attempts: z.number(),
  sessions_created: z.number(),
  creates_sent: z.number(),
  next_attempt_at: z.number(),
  error: z.string().nullable(),
  crc32c_local: z.string().nullable(),
  md5_local: z.string().nullable(),
  lease_owner: z.string().nullable(),
  lease_until: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  batch_id: z.string().nullable(),
})

const json = (text: string): unknown => JSON.parse(text) as unknown

/** Parses a raw `upload_jobs` row into a JobRecord (throws on a row that does not fit the schema). */
export function toJobRecord(raw: unknown): JobRecord {
  const r = JobRowSchema.parse(raw)
  return {
    id: asJobId(r.id),
    batchId: r.batch_id === null ? null : asBatchId(r.batch_id),
    account: r.account,
    path: r.path,
    name: r.name,
    relativeDir: r.relative_dir,
    size: r.size,
    mtimeMs: r.mtime_ms,
    ino: r.ino,
    dev: r.dev,
    settings: StoredSettings.parse(json(r.settings)),
    noWait: r.no_wait !== 0,
    state: r.state,
    uploadId: r.upload_id,
    mediaId: r.media_id,
    sessionEnc: r.session_enc,
    bytesAcked: r.bytes_acked,
    attempts: r.attempts,
    sessionsCreated: r.sessions_created,
    createsSent: r.creates_sent,
    nextAttemptAt: r.next_attempt_at,
    error: r.error === null ? null : (StoredError.parse(json(r.error)) as AppError),
    crc32cLocal: r.crc32c_local,
    md5Local: r.md5_local,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** The public, secret-free view of a job. */
export function toUploadJob(job: JobRecord): UploadJob {
  return {
    id: job.id,
    batchId: job.batchId,
    account: asAccountName(job.account),
    path: job.path,
    relativeDir: job.relativeDir,
    name: job.name,
    size: job.size,
    state: job.state,
    bytesAcked: job.bytesAcked,
    uploadId: job.uploadId ? asUploadId(job.uploadId) : null,
    mediaId: job.mediaId ? asMediaId(job.mediaId) : null,
    error: job.error,
    attempts: job.attempts,
    settings: job.settings,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  }
}
