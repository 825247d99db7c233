import type { UnusedUpload, UnusedUploadOrigin } from '../../common/domain/media.ts'
import type { RemoteUpload } from '../providers/provider.ts'

/** What the local queue knows about an upload id (provided by the upload engine's queue). */
export type LocalUploadJob = Readonly<{ jobId: string; path: string; resumable: boolean }>
/** Looks an upload id up in the local queue. */
export type LookupJobByUploadId = (uploadId: string) => LocalUploadJob | null | Promise<LocalUploadJob | null>

/** FastPix's direct-upload timeout when the API does not say (ARCHITECTURE.md §9). */
export const DEFAULT_UPLOAD_TIMEOUT_SECONDS = 14_400

/** Crosses one waiting upload with the local queue: resumable here, orphaned or expired, with age and expiry. */
export function classifyUnusedUpload(
  remote: RemoteUpload,
  job: LocalUploadJob | null,
  nowMs: number,
): UnusedUpload {
  const created = remote.createdAt ? Date.parse(remote.createdAt) : Number.NaN
  const ageSeconds = Number.isFinite(created) ? Math.max(0, Math.floor((nowMs - created) / 1000)) : null
  const timeout = remote.timeoutSeconds ?? DEFAULT_UPLOAD_TIMEOUT_SECONDS
  const expiresInSeconds = ageSeconds === null ? null : timeout - ageSeconds
  const origin: UnusedUploadOrigin =
    expiresInSeconds !== null && expiresInSeconds <= 0
      ? 'expired'
      : job?.resumable
        ? 'resumable-here'
        : 'orphaned'
  return {
    uploadId: remote.uploadId,
    origin,
    createdAt: remote.createdAt,
    ageSeconds,
    expiresInSeconds,
    accessPolicy: remote.accessPolicy,
    metadata: remote.metadata,
    jobId: job?.jobId ?? null,
    path: job?.path ?? null,
  }
}
