import type { WritableDb } from '../db/database.ts'
import type { UnusedUpload, UploadPort } from '../providers/provider.ts'
import { awaitsUpload } from '../../common/domain/upload-policy.ts'
import { getJob, listJobs, patchAny } from './repository.ts'
import { isLeased } from './leases.ts'
import { addCleanup } from './cleanups.ts'
import type { SessionVault } from './session-vault.ts'
import { createLogger } from '../logging/log.ts'

export type SweepDeps = Readonly<{
  db: WritableDb
  vault: SessionVault
  portFor: (account: string) => Promise<UploadPort>
  now: () => number
  /** Bounds the listing of one account (a sweep never holds the queue up for long). */
  timeoutMs?: number
}>

export type SweepResult = Readonly<{ adopted: number; cancelled: number }>

const log = createLogger('uploads')

/**
 * The orphan sweep, run when a queue starts (issue 13): a create whose answer was lost (kill -9 between the
 * server's create and the local commit, a dropped connection) leaves an upload nothing knows about. Each
 * account's unused uploads are listed; one carrying the id of a job of this home that holds no upload and
 * will create one is adopted by that job (no second create); any other carrying a known job's id is
 * cancelled through the clean-ups. Uploads with an unknown id are left alone: they may be another machine's,
 * or not Spool's at all. A job another live process holds is skipped: it may be committing that upload now.
 */
export async function sweepOrphans(deps: SweepDeps): Promise<SweepResult> {
  let adopted = 0
  let cancelled = 0
  const accounts = new Set(listJobs(deps.db).map((j) => j.account))
  for (const account of accounts) {
    let listed: ReadonlyArray<UnusedUpload>
    try {
      const port = await deps.portFor(account)
      if (!port.unusedUploads) continue
      listed = await port.unusedUploads(AbortSignal.timeout(deps.timeoutMs ?? 20_000))
    } catch (caught) {
      log.warn('could not list unused uploads; the sweep tries again next start', { account, error: caught })
      continue
    }
    for (const upload of listed) {
      const verdict = await settle(deps, account, upload)
      if (verdict === 'adopted') adopted++
      if (verdict === 'cancelled') cancelled++
    }
  }
  if (adopted + cancelled > 0) log.info('orphan uploads swept', { adopted, cancelled })
  return { adopted, cancelled }
}

async function settle(
  deps: SweepDeps,
  account: string,
  upload: UnusedUpload,
): Promise<'adopted' | 'cancelled' | 'kept'> {
  const { db } = deps
  const id = upload.clientJobId
  const job = id ? getJob(db, id) : undefined
  if (!job || job.account !== account || job.uploadId === upload.uploadId) return 'kept'
  if (isLeased(job, deps.now())) return 'kept'
  const sessionEnc = upload.sessionUri ? await deps.vault.seal(upload.sessionUri) : null
  return db
    .transaction((): 'adopted' | 'cancelled' | 'kept' => {
      const now = deps.now()
      const row = getJob(db, job.id)
      if (!row || row.uploadId === upload.uploadId || isLeased(row, now)) return 'kept'
      if (!row.uploadId && sessionEnc && awaitsUpload(row.state)) {
        patchAny(db, row.id, {
          uploadId: upload.uploadId,
          sessionEnc,
          sessionsCreated: row.sessionsCreated + 1,
          bytesAcked: 0,
        }, now) // prettier-ignore
        return 'adopted'
      }
      addCleanup(db, account, upload.uploadId, sessionEnc, 'orphan', now)
      return 'cancelled'
    })
    .immediate()
}
