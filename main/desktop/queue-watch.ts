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

/** A batch that has just finished: its id (null for jobs from before batches) and its outcome counts. */
export type FinishedBatch = Readonly<{ batchId: string | null; counts: BatchCounts }>

/**
 * Follows each batch (the jobs one drop, Add… or `spool upload` queued): from its first active job until
 * none of its jobs is active or processing any more, counting the outcomes of the jobs that were part of
 * it. Returns the batches that have just finished (each once).
 */
export function createBatchTracker(): (jobs: ReadonlyArray<UploadJob>) => ReadonlyArray<FinishedBatch> {
  /** Per batch (key: its id, or '' for jobs without one): the jobs seen under way. */
  let members = new Map<string, Set<string>>()
  return (jobs) => {
    const busy = new Set<string>()
    for (const j of jobs) {
      if (!ACTIVE.has(j.state) && j.state !== 'processing') continue
      const key = j.batchId ?? ''
      busy.add(key)
      const set = members.get(key) ?? new Set()
      set.add(j.id)
      members.set(key, set)
    }
    const finished: FinishedBatch[] = []
    const next = new Map<string, Set<string>>()
    for (const [key, ids] of members) {
      if (busy.has(key)) {
        next.set(key, ids)
        continue
      }
      const counts = { done: 0, failed: 0, cancelled: 0 }
      for (const j of jobs) {
        if (!ids.has(j.id)) continue
        if (j.state === 'done') counts.done += 1
        else if (j.state === 'failed') counts.failed += 1
        else if (j.state === 'cancelled') counts.cancelled += 1
      }
      finished.push({ batchId: key === '' ? null : key, counts })
    }
    members = next
    return finished
  }
}

/** The notification text for a finished batch, named by its label when it has one. */
export function batchMessage(c: BatchCounts, label: string | null = null): { title: string; body: string } {
  const parts = [`${c.done} uploaded`]
  if (c.failed > 0) parts.push(`${c.failed} failed`)
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`)
  const what = label ? `“${label}”` : 'Uploads'
  return {
    title: c.failed > 0 ? `${what} finished with problems` : `${what} finished`,
    body: parts.join(', ') + '.',
  }
}
