import { statSync } from 'node:fs'
import type { ReadableDb } from '../db/database.ts'
import type { JobId } from '../../common/domain/ids.ts'
import { isResumable } from '../../common/domain/upload-policy.ts'
import { getJobByUploadId } from './repository.ts'

/** Where a remote upload id leads locally (the library's unused-uploads view crosses with it). */
export type UploadLookup = Readonly<{ jobId: JobId; path: string; resumable: boolean }>

/** Whether the file is still the one that was queued (same size and modification time). */
function sourceUnchanged(path: string, size: number, mtimeMs: number): boolean {
  try {
    const s = statSync(path)
    return s.size === size && s.mtimeMs === mtimeMs
  } catch {
    return false
  }
}

/**
 * The one answer, for the app and the CLI, to "which local job owns this remote upload, and can it be
 * resumed here?" (the upload policy's `isResumable`, fed with what only the file system knows).
 */
export function lookupUpload(db: ReadableDb, uploadId: string): UploadLookup | null {
  const job = getJobByUploadId(db, uploadId)
  if (!job) return null
  const resumable = isResumable({
    state: job.state,
    hasSession: job.sessionEnc !== null,
    sourceUnchanged: sourceUnchanged(job.path, job.size, job.mtimeMs),
  })
  return { jobId: job.id, path: job.path, resumable }
}
