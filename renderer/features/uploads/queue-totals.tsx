import { useMemo } from 'react'
import { ProgressBar } from '../../components/progress-bar.tsx'
import { formatBytes, formatRate, percent } from '../../lib/format.ts'
import { computeTotals } from '../../store/selectors.ts'
import { useSpool } from '../../store/index.ts'

/** Totals over the queue: counts per outcome, bytes and the combined rate. */
export function QueueTotals() {
  const order = useSpool((s) => s.uploads.order)
  const jobs = useSpool((s) => s.uploads.jobs)
  const progress = useSpool((s) => s.uploads.progress)
  const online = useSpool((s) => s.app.online)
  const t = useMemo(() => computeTotals(order, jobs, progress), [order, jobs, progress])
  return (
    <section className="totals" aria-label="Queue totals">
      <ProgressBar
        value={percent(t.bytesDone, t.bytesTotal)}
        label="Overall progress"
        tone={t.failed > 0 ? 'error' : 'normal'}
      />
      <dl>
        <div>
          <dt>Files</dt>
          <dd data-testid="total-files">{t.count}</dd>
        </div>
        <div>
          <dt>Active</dt>
          <dd>{t.active}</dd>
        </div>
        <div>
          <dt>Done</dt>
          <dd data-testid="total-done">{t.done}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{t.failed}</dd>
        </div>
        <div>
          <dt>Paused</dt>
          <dd>{t.paused}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>
            {formatBytes(t.bytesDone)} / {formatBytes(t.bytesTotal)}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{formatRate(t.rate)}</dd>
        </div>
      </dl>
      {(!online || t.waiting > 0) && (
        <p className="offline" role="status">
          <span aria-hidden="true">⌁</span> Waiting for the network — uploads continue on their own when it is
          back.
        </p>
      )}
    </section>
  )
}
