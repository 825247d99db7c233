import type { Batch, UploadJob } from '../../common/domain/upload.ts'

/** The key of the group of jobs queued before batches were recorded (their `batchId` is null). */
export const EARLIER_GROUP = 'earlier'

/** One batch on the Uploads page: its record when known, and its jobs in queue order. */
export type BatchGroup = Readonly<{
  key: string
  batch: Batch | null
  label: string
  jobIds: ReadonlyArray<string>
}>

/** One line of the virtualised queue: a batch header or a job row. */
export type QueueItem =
  Readonly<{ kind: 'batch'; group: BatchGroup }> | Readonly<{ kind: 'job'; id: string; group: string }>

/**
 * Groups the queue by batch, newest batch first (a new drop appears where the user is looking), jobs in
 * queue order inside each; jobs from before batches existed come last as one group.
 */
export function groupByBatch(
  order: ReadonlyArray<string>,
  jobs: Readonly<Record<string, UploadJob>>,
  batches: Readonly<Record<string, Batch>>,
): ReadonlyArray<BatchGroup> {
  const members = new Map<string, string[]>()
  for (const id of order) {
    const job = jobs[id]
    if (!job) continue
    const key = job.batchId ?? EARLIER_GROUP
    const list = members.get(key)
    if (list) list.push(id)
    else members.set(key, [id])
  }
  const groups: BatchGroup[] = []
  for (const [key, jobIds] of members) {
    const batch = key === EARLIER_GROUP ? null : (batches[key] ?? null)
    groups.push({ key, batch, label: labelOf(key, batch, jobs[jobIds[0] ?? '']), jobIds })
  }
  const earlier = groups.filter((g) => g.key === EARLIER_GROUP)
  return [...groups.filter((g) => g.key !== EARLIER_GROUP).reverse(), ...earlier]
}

/** The name the header shows: the batch's own label, else the first file's folder. */
function labelOf(key: string, batch: Batch | null, first: UploadJob | undefined): string {
  if (batch) return batch.label
  if (key === EARLIER_GROUP) return 'Added earlier'
  const folder = first?.relativeDir.split(/[\\/]/)[0]
  return folder || (first?.name ?? 'Batch')
}

/** The lines of the list: each group's header, then its rows unless the group is collapsed. */
export function queueItems(
  groups: ReadonlyArray<BatchGroup>,
  collapsed: Readonly<Record<string, boolean>>,
): ReadonlyArray<QueueItem> {
  const items: QueueItem[] = []
  for (const group of groups) {
    items.push({ kind: 'batch', group })
    if (collapsed[group.key]) continue
    for (const id of group.jobIds) items.push({ kind: 'job', id, group: group.key })
  }
  return items
}
