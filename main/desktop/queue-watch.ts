import { ACTIVE_STATES, IN_PROGRESS_STATES, isDelivered } from '../../common/domain/upload-policy.ts'
import type { UploadJob, UploadState } from '../../common/domain/upload.ts'

/** What the desktop shell shows about the queue. */
export type QueueSnapshot = Readonly<{
  /** 0..1 over unfinished work, or null when nothing is in flight (hide the dock/taskbar bar). */
  fraction: number | null
  /** Whether bytes are moving (keep the machine awake). */
  moving: boolean
  active: number
}>

/** Counts for the "batch finished" notification. */
export type BatchCounts = Readonly<{ done: number; failed: number; cancelled: number }>

/** Shown as under way in the dock: on its way (upload policy), or waiting for the network to come back. */
const ACTIVE: ReadonlySet<UploadState> = new Set([...IN_PROGRESS_STATES, 'waiting-for-network'])
/** Moving bytes (or about to): active, not yet delivered. */
const MOVING: ReadonlySet<UploadState> = new Set(ACTIVE_STATES.filter((s) => !isDelivered(s)))

/** Sums the queue for the dock/taskbar (pure). */
export function snapshot(jobs: ReadonlyArray<UploadJob>): QueueSnapshot {
  let total = 0
  let acked = 0
  let active = 0
  let moving = false
  for (const j of jobs) {
    if (!ACTIVE.has(j.state)) continue
    active += 1
    total += j.size
    acked += j.bytesAcked
    if (MOVING.has(j.state)) moving = true
  }
  return { fraction: active === 0 ? null : total === 0 ? 0 : acked / total, moving, active }
}

/**
 * Follows one batch: from the first active job until nothing is active any more, counting outcomes of the
 * jobs that were part of it. Returns the counts when the batch has just finished.
 */
export function createBatchTracker(): (jobs: ReadonlyArray<UploadJob>) => BatchCounts | null {
  let members = new Set<string>()
  return (jobs) => {
    let anyActive = false
    for (const j of jobs) {
      if (ACTIVE.has(j.state) || j.state === 'processing') {
        anyActive = true
        members.add(j.id)
      }
    }
    if (anyActive || members.size === 0) return null
    const counts = { done: 0, failed: 0, cancelled: 0 }
    for (const j of jobs) {
      if (!members.has(j.id)) continue
      if (j.state === 'done') counts.done += 1
      else if (j.state === 'failed') counts.failed += 1
      else if (j.state === 'cancelled') counts.cancelled += 1
    }
    members = new Set()
    return counts
  }
}

/** The notification text for a finished batch. */
export function batchMessage(c: BatchCounts): { title: string; body: string } {
  const parts = [`${c.done} uploaded`]
  if (c.failed > 0) parts.push(`${c.failed} failed`)
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`)
  return {
    title: c.failed > 0 ? 'Uploads finished with problems' : 'Uploads finished',
    body: parts.join(', ') + '.',
  }
}
