import type { AccountSummary } from '../../common/domain/account.ts'
import type { AccountCapabilities } from '../../common/ipc/reply-schemas.ts'
import type { UploadJob } from '../../common/domain/upload.ts'
import { isDelivered, isInProgress } from '../../common/domain/upload-policy.ts'
import type { SpoolState } from './types.ts'

/** The selected account, or null before the list arrives. */
export const selectCurrentAccount = (s: SpoolState): AccountSummary | null =>
  s.accounts.list.find((a) => a.selected) ?? null

/**
 * Queue totals; a tuple of numbers so useShallow compares it cheaply. `active` counts jobs in progress
 * (queued or moving bytes, upload-policy's IN_PROGRESS_STATES); `done` counts delivered ones.
 */
export type QueueTotals = Readonly<{
  count: number
  active: number
  done: number
  failed: number
  paused: number
  waiting: number
  bytesTotal: number
  bytesDone: number
  rate: number
}>

/** Sums the queue (computed from the read-model; cheap enough for 10,000 jobs at 10 Hz). */
export function computeTotals(
  order: ReadonlyArray<string>,
  jobs: Readonly<Record<string, UploadJob>>,
  progress: SpoolState['uploads']['progress'],
): QueueTotals {
  const t = {
    count: 0,
    active: 0,
    done: 0,
    failed: 0,
    paused: 0,
    waiting: 0,
    bytesTotal: 0,
    bytesDone: 0,
    rate: 0,
  }
  for (const id of order) {
    const j = jobs[id]
    if (!j || j.state === 'cancelled') continue
    t.count += 1
    t.bytesTotal += j.size
    const p = progress[id]
    t.bytesDone += isDelivered(j.state) ? j.size : Math.max(j.bytesAcked, p?.bytesAcked ?? 0)
    if (p) t.rate += p.rate
    if (isInProgress(j.state)) t.active += 1
    else if (isDelivered(j.state)) t.done += 1
    else if (j.state === 'failed') t.failed += 1
    else if (j.state === 'paused') t.paused += 1
    else if (j.state === 'waiting-for-network' || j.state === 'needs-sign-in') t.waiting += 1
  }
  return t
}

/**
 * What the selected account's provider can do, or null while it is not known yet (views hide the optional
 * panels until then rather than offer what may fail).
 */
export const selectCapabilities = (s: SpoolState): AccountCapabilities | null => {
  const account = selectCurrentAccount(s)
  return account ? (s.accounts.capabilities[account.name] ?? null) : null
}

/** The selected account's provider as the user knows it, for sentences ("Delete 3 media from PeerTube?"). */
export const selectProviderName = (s: SpoolState): string =>
  selectCurrentAccount(s)?.kind === 'peertube' ? 'PeerTube' : 'FastPix'
