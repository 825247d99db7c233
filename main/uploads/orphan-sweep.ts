import type { WritableDb } from '../db/database.ts'
import type { UnusedUpload, UploadPort } from '../providers/provider.ts'
import { awaitsUpload } from '../../common/domain/upload-policy.ts'
import {
  getJob,
  listUnsureJobs,
  patchAny,
  settleCreates,
  type JobPatch,
  type JobRecord,
} from './repository.ts'
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
 * What the claim of a job commits when its runner will create an upload: one more create may reach the server
 * (`createsSent`, counted from the creates answered so a lost one before it stays counted). Null for a job that
 * holds its upload. The count goes out in the claim's own commit, before the create can.
 */
export function reserveCreate(job: JobRecord): JobPatch | null {
  if (job.uploadId && job.sessionEnc) return null
  return { createsSent: Math.max(job.createsSent, job.sessionsCreated) + 1 }
}

/**
 * The orphan sweep, run when a queue starts (issue 13): a create whose answer was lost (kill -9 between the
 * server's create and the local commit, a dropped connection) leaves an upload nothing knows about. Only jobs
 * that sent more creates than they committed can have done so, and only their accounts are listed; a queue
 * whose creates were all answered (the usual start) lists nothing and waits for nothing. In each listing,
 * an upload carrying the id of a job of this home that holds no upload and will create one is adopted by that
 * job (no second create); any other carrying a known job's id is cancelled through the clean-ups. Uploads
 * with an unknown id are left alone: they may be another machine's, or not Spool's at all. A job another live
 * process holds is skipped: it may be committing that upload now. Once an account is listed, its jobs' creates
 * count as settled; where the listing failed they stay unsure, and the next start lists again.
 */
export async function sweepOrphans(deps: SweepDeps): Promise<SweepResult> {
  let adopted = 0
  let cancelled = 0
  const unsure = listUnsureJobs(deps.db).filter((job) => !isLeased(job, deps.now()))
  for (const account of new Set(unsure.map((j) => j.account))) {
    let listed: ReadonlyArray<UnusedUpload>
    try {
      const port = await deps.portFor(account)
      listed = port.unusedUploads
        ? await port.unusedUploads(AbortSignal.timeout(deps.timeoutMs ?? 20_000))
        : []
    } catch (caught) {
      log.warn('could not list unused uploads; the sweep tries again next start', { account, error: caught })
      continue
    }
    const busy = new Set<string>()
    for (const upload of listed) {
      const verdict = await settle(deps, account, upload)
      if (verdict === 'adopted') adopted++
      if (verdict === 'cancelled') cancelled++
      if (verdict === 'busy' && upload.clientJobId) busy.add(upload.clientJobId)
    }
    // Compared with the count seen before the listing: a job claimed since may be creating right now.
    for (const job of unsure)
      if (job.account === account && !busy.has(job.id)) settleCreates(deps.db, job.id, job.createsSent)
  }
  if (adopted + cancelled > 0) log.info('orphan uploads swept', { adopted, cancelled })
  return { adopted, cancelled }
}

async function settle(
  deps: SweepDeps,
  account: string,
  upload: UnusedUpload,
): Promise<'adopted' | 'cancelled' | 'kept' | 'busy'> {
  const { db } = deps
  const id = upload.clientJobId
  const job = id ? getJob(db, id) : undefined
  if (!job || job.account !== account || job.uploadId === upload.uploadId) return 'kept'
  if (isLeased(job, deps.now())) return 'busy'
  const sessionEnc = upload.sessionUri ? await deps.vault.seal(upload.sessionUri) : null
  return db
    .transaction((): 'adopted' | 'cancelled' | 'kept' | 'busy' => {
      const now = deps.now()
      const row = getJob(db, job.id)
      if (!row || row.uploadId === upload.uploadId) return 'kept'
      if (isLeased(row, now)) return 'busy'
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
