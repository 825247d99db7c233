import { useMemo } from 'react'
import { ProgressBar } from '../../components/progress-bar.tsx'
import { percent } from '../../lib/format.ts'
import { summarize } from '../../store/upload-summary.ts'
import { useSpool } from '../../store/index.ts'
import { SummaryCounts, speedText } from './summary-counts.tsx'

/** The strip over every batch: counts that add up to the files, bytes, speed and time left. */
export function QueueTotals() {
  const order = useSpool((s) => s.uploads.order)
  const jobs = useSpool((s) => s.uploads.jobs)
  const progress = useSpool((s) => s.uploads.progress)
  const online = useSpool((s) => s.app.online)
  const complete = useSpool((s) => s.uploads.complete)
  const t = useMemo(() => summarize(order, jobs, progress), [order, jobs, progress])
  if (!complete)
    // Only the newest jobs are in (the first screen): their counts are not the queue's. Same height, no figures.
    return (
      <section className="totals" aria-label="All uploads" aria-busy="true">
        <div className="progress" aria-hidden="true">
          <div className="progress-track" />
          <span className="progress-text">&nbsp;</span>
        </div>
        <dl className="summary-counts" data-testid="totals">
          <div>
            <dt>Files</dt>
            <dd>Counting…</dd>
          </div>
        </dl>
      </section>
    )
  return (
    <section className="totals" aria-label="All uploads">
      <ProgressBar
        value={percent(t.bytesSent, t.bytesTotal)}
        label="Overall progress"
        tone={t.counts.failed > 0 ? 'error' : t.finished ? 'done' : 'normal'}
      />
      <SummaryCounts summary={t} speed={speedText(t)} testId="totals" />
      {!online && t.counts.waiting - t.needsSignIn > 0 && (
        <p className="offline" role="status">
          <span aria-hidden="true">⌁</span> Offline: {t.counts.waiting - t.needsSignIn} waiting for the
          network. They continue on their own when it is back.
        </p>
      )}
      {!online && t.counts.waiting - t.needsSignIn === 0 && (
        <p className="offline" role="status">
          <span aria-hidden="true">⌁</span> Offline: uploads continue on their own when the network is back.
        </p>
      )}
      {t.needsSignIn > 0 && (
        <p className="offline" role="status">
          <span aria-hidden="true">⚿</span> {t.needsSignIn} waiting for their account to be signed in again
          (Accounts &amp; settings → Edit).
        </p>
      )}
    </section>
  )
}
