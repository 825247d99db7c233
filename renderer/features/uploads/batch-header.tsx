import { memo } from 'react'
import type { BatchOrigin } from '../../../common/domain/upload.ts'
import { ProgressBar } from '../../components/progress-bar.tsx'
import { formatBytes, formatCount, formatSpan, percent } from '../../lib/format.ts'
import type { BatchGroup } from '../../store/batch-groups.ts'
import type { UploadSummary } from '../../store/upload-summary.ts'
import { speedText } from './summary-counts.tsx'

const ORIGINS: Readonly<Record<BatchOrigin, string>> = {
  drop: 'Dropped',
  dialog: 'Added',
  cli: 'spool upload',
  manifest: 'Manifest',
}

/** What a batch is doing, in a word or two (finished batches say so). */
export function batchStatus(t: UploadSummary): Readonly<{ glyph: string; text: string; tone: string }> {
  if (t.finished && t.counts.processing > 0)
    return { glyph: '⚙', text: `Uploaded · ${t.counts.processing} processing`, tone: 'busy' }
  if (t.finished)
    return t.counts.failed > 0
      ? { glyph: '✕', text: 'Finished with failures', tone: 'error' }
      : t.counts.done + t.counts.processing === 0
        ? { glyph: '⊘', text: 'Cancelled', tone: 'muted' }
        : { glyph: '✓', text: 'Finished', tone: 'ok' }
  if (t.counts.uploading > 0) return { glyph: '↑', text: 'Uploading', tone: 'busy' }
  if (t.counts.waiting > 0) return { glyph: '⌁', text: 'Waiting', tone: 'busy' }
  if (t.counts.queued > 0) return { glyph: '◷', text: 'Queued', tone: 'muted' }
  return { glyph: '❚❚', text: 'Paused', tone: 'muted' }
}

export type BatchActions = Readonly<{
  toggle(key: string): void
  pause(group: BatchGroup): void
  resume(group: BatchGroup): void
  retry(group: BatchGroup): void
  cancel(group: BatchGroup): void
}>

/**
 * A batch's header row: what it is, how far, how fast, what failed, and the batch's own actions. While only the
 * queue's newest jobs are in (`counting`), its name alone: figures and buttons would be those few jobs'.
 */
export const BatchHeader = memo(function BatchHeader({
  group,
  summary: t,
  collapsed,
  rowIndex,
  actions,
  counting = false,
}: {
  group: BatchGroup
  summary: UploadSummary
  collapsed: boolean
  rowIndex: number
  actions: BatchActions
  counting?: boolean
}) {
  const where = group.batch ? ORIGINS[group.batch.origin] : 'Earlier'
  return (
    <div
      className="batch-row"
      role="row"
      aria-rowindex={rowIndex}
      data-finished={!counting && t.finished}
      data-testid="batch-header"
    >
      <div role="rowheader" className="cell-name">
        <button
          type="button"
          className="batch-toggle"
          aria-expanded={!collapsed}
          onClick={() => actions.toggle(group.key)}
        >
          <span aria-hidden="true" className="batch-chevron">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className="name" title={group.batch?.manifestPath ?? group.label}>
            {group.label}
          </span>
        </button>
        <div className="sub">
          {where} ·{' '}
          {counting ? 'counting files…' : t.files === 1 ? '1 file' : `${formatCount(t.files)} files`}
        </div>
      </div>
      {counting ? (
        <>
          <div role="cell" className="cell-size" />
          <div role="cell" className="cell-state" />
          <div role="cell" className="cell-progress" />
          <div role="cell" className="cell-actions" />
        </>
      ) : (
        <BatchFigures group={group} summary={t} actions={actions} />
      )}
    </div>
  )
})

/** The cells of a batch header that say how far it is and what can be done with it. */
function BatchFigures({
  group,
  summary: t,
  actions,
}: {
  group: BatchGroup
  summary: UploadSummary
  actions: BatchActions
}) {
  const status = batchStatus(t)
  const delivered = t.counts.done + t.counts.processing
  const unfinished = t.counts.queued + t.counts.uploading + t.counts.waiting
  // Failures first: the one figure a long line must not cut off.
  const line = t.counts.failed > 0 ? [`${t.counts.failed} failed`] : []
  line.push(`${formatBytes(t.bytesSent)} of ${formatBytes(t.bytesTotal)}`)
  if (!t.finished && speedText(t) !== '—') line.push(speedText(t))
  if (t.etaSeconds !== null) line.push(`${formatSpan(t.etaSeconds)} left`)
  return (
    <>
      <div role="cell" className="cell-size">
        <span className="batch-done">
          {formatCount(delivered)} / {formatCount(t.files - t.counts.cancelled)}
        </span>
        <div className="sub">uploaded</div>
      </div>
      <div role="cell" className="cell-state">
        <span className="badge" data-tone={status.tone}>
          <span aria-hidden="true">{status.glyph}</span> {status.text}
        </span>
      </div>
      <div role="cell" className="cell-progress">
        <ProgressBar
          value={percent(t.bytesSent, t.bytesTotal)}
          label={`Progress of ${group.label}`}
          tone={t.counts.failed > 0 ? 'error' : t.finished ? 'done' : 'normal'}
        />
        <div className="sub" title={line.join(' · ')}>
          {line.join(' · ')}
        </div>
      </div>
      <div role="cell" className="cell-actions">
        {(
          [
            [unfinished > 0, 'Pause', `Pause ${group.label}`, actions.pause],
            [t.counts.paused > 0, 'Resume', `Resume ${group.label}`, actions.resume],
            [t.counts.failed > 0, 'Retry', `Retry failed in ${group.label}`, actions.retry],
            [unfinished + t.counts.paused > 0, 'Cancel', `Cancel ${group.label}`, actions.cancel],
          ] as const
        ).map(([shown, text, label, run]) =>
          shown ? (
            <button key={text} type="button" className="ghost" aria-label={label} onClick={() => run(group)}>
              {text}
            </button>
          ) : null,
        )}
      </div>
    </>
  )
}
