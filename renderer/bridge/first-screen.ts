import type { Batch, UploadJob } from '../../common/domain/upload.ts'
import type { IpcResult } from '../../common/ipc/result.ts'
import { spool } from '../api.ts'

/** How many of the newest jobs the first screen asks for before the whole queue. */
export const FIRST_SCREEN_JOBS = 200

/** The two answers the Uploads page paints its first rows from. */
export type FirstScreenCalls = Readonly<{
  batches: Promise<IpcResult<ReadonlyArray<Batch>>>
  firstJobs: Promise<IpcResult<ReadonlyArray<UploadJob>>>
}>

let sent: FirstScreenCalls | null = null

/**
 * Asks main for the first screen's jobs and batches now, once: the calls travel while React and the store are
 * evaluated and the window mounted, instead of after (B6: the first rows of a 10,000-job queue). No event is
 * missed: main's events are subscribed later in the same task (the bundle is evaluated in one task), before
 * any reply or event can be delivered.
 */
export function sendFirstScreenCalls(): void {
  sent ??= {
    batches: spool().uploads.batches(),
    firstJobs: spool().uploads.list(FIRST_SCREEN_JOBS),
  }
}

/** The calls sent early, once (a later opening of the queue asks again), or null when none were sent. */
export function takeFirstScreenCalls(): FirstScreenCalls | null {
  const calls = sent
  sent = null
  return calls
}
