import { useCallback, useMemo, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { JobId } from '../../../common/domain/ids.ts'
import type { UploadJob, UploadState } from '../../../common/domain/upload.ts'
import { isPausable } from '../../../common/domain/upload-policy.ts'
import { groupByBatch, queueItems, type BatchGroup } from '../../store/batch-groups.ts'
import { summarize, type UploadSummary } from '../../store/upload-summary.ts'
import { useSpool } from '../../store/index.ts'
import { BatchHeader, type BatchActions } from './batch-header.tsx'
import { UploadRow } from './upload-row.tsx'

const ROW_HEIGHT = 64
const BATCH_HEIGHT = 72

/** The ids of a group's jobs in a state the action applies to. */
function idsWhere(
  group: BatchGroup,
  jobs: Readonly<Record<string, UploadJob>>,
  test: (state: UploadState) => boolean,
): ReadonlyArray<JobId> {
  const ids: JobId[] = []
  for (const id of group.jobIds) {
    const job = jobs[id]
    if (job && test(job.state)) ids.push(job.id)
  }
  return ids
}

/**
 * The virtualised queue, grouped by batch: a header per batch, its rows unless folded away. Only the lines
 * on screen exist in the DOM, so 10,000 jobs scroll smoothly.
 */
export function UploadQueue({ onCancelBatch }: { onCancelBatch: (group: BatchGroup) => void }) {
  const order = useSpool((s) => s.uploads.order)
  const jobs = useSpool((s) => s.uploads.jobs)
  const progress = useSpool((s) => s.uploads.progress)
  const batches = useSpool((s) => s.uploads.batches)
  const collapsed = useSpool((s) => s.uploads.collapsed)
  const counting = useSpool((s) => !s.uploads.complete)
  const toggle = useSpool((s) => s.batchToggled)
  const pause = useSpool((s) => s.pauseRequested)
  const resume = useSpool((s) => s.resumeRequested)
  const retry = useSpool((s) => s.retryRequested)
  const groups = useMemo(() => groupByBatch(order, jobs, batches), [order, jobs, batches])
  const items = useMemo(() => queueItems(groups, collapsed), [groups, collapsed])
  const summaries = useMemo(() => {
    const out = new Map<string, UploadSummary>()
    for (const g of groups) out.set(g.key, summarize(g.jobIds, jobs, progress))
    return out
  }, [groups, jobs, progress])
  const actions = useMemo<BatchActions>(
    () => ({
      toggle,
      pause: (g) => void pause(idsWhere(g, jobs, isPausable)),
      resume: (g) => void resume(idsWhere(g, jobs, (s) => s === 'paused')),
      retry: (g) => void retry(idsWhere(g, jobs, (s) => s === 'failed')),
      cancel: onCancelBatch,
    }),
    [jobs, toggle, pause, resume, retry, onCancelBatch],
  )
  const scrollRef = useRef<HTMLDivElement>(null)
  // Stable between renders: TanStack Virtual recomputes every line's offset when these change, which on
  // each scrolled frame of a 10,000-line list is work the frame cannot afford.
  const estimateSize = useCallback(
    (i: number) => (items[i]?.kind === 'batch' ? BATCH_HEIGHT : ROW_HEIGHT),
    [items],
  )
  const getItemKey = useCallback(
    (i: number) => {
      const item = items[i]
      return item?.kind === 'batch' ? `batch:${item.group.key}` : (item?.id ?? i)
    },
    [items],
  )
  const getScrollElement = useCallback(() => scrollRef.current, [])
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the chosen list library.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 6,
    initialRect: { width: 960, height: 640 },
  })
  return (
    <div className="queue" role="table" aria-label="Upload queue" aria-rowcount={items.length + 1}>
      <div role="rowgroup">
        <div className="upload-row head" role="row" aria-rowindex={1}>
          <div role="columnheader">File</div>
          <div role="columnheader">Size</div>
          <div role="columnheader">State</div>
          <div role="columnheader">Progress</div>
          <div role="columnheader">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      <div
        className="queue-scroll"
        ref={scrollRef}
        data-testid="queue-scroll"
        role="rowgroup"
        aria-label="Files by batch"
        // Focusable so the list scrolls from the keyboard even when no row has a button (a finished queue).
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="presentation">
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]
            if (!item) return null
            const style = {
              transform: `translateY(${v.start}px)`,
              height: item.kind === 'batch' ? BATCH_HEIGHT : ROW_HEIGHT,
            }
            if (item.kind === 'batch') {
              const summary = summaries.get(item.group.key)
              return summary ? (
                <div key={v.key} className="virtual-row" style={style} role="presentation">
                  <BatchHeader
                    group={item.group}
                    summary={summary}
                    collapsed={collapsed[item.group.key] === true}
                    rowIndex={v.index + 2}
                    actions={actions}
                    counting={counting}
                  />
                </div>
              ) : null
            }
            const job = jobs[item.id]
            if (!job) return null
            return (
              <div key={v.key} className="virtual-row" style={style} role="presentation">
                <UploadRow job={job} progress={progress[item.id]} rowIndex={v.index + 2} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
