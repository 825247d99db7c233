import { formatBytes, formatCount, formatRate, formatSpan } from '../../lib/format.ts'
import { UPLOAD_BUCKETS, type UploadBucket, type UploadSummary } from '../../store/upload-summary.ts'

const LABELS: Readonly<Record<UploadBucket, string>> = {
  queued: 'Queued',
  uploading: 'Uploading',
  processing: 'Processing',
  done: 'Done',
  paused: 'Paused',
  waiting: 'Waiting',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/** The speed as the user should read it: a rate, "measuring" before the first sample, or a dash at rest. */
export function speedText(t: UploadSummary): string {
  if (t.rate > 0) return formatRate(t.rate)
  if (t.counts.uploading > 0) return 'Measuring…'
  return '—'
}

/**
 * Files and every non-empty counter (they add up to the files: each state counts in exactly one), bytes,
 * speed and time left.
 */
export function SummaryCounts({
  summary: t,
  speed,
  testId,
}: {
  summary: UploadSummary
  speed: string
  testId: string
}) {
  return (
    <dl className="summary-counts" data-testid={testId}>
      <div>
        <dt>Files</dt>
        <dd data-count="files">{formatCount(t.files)}</dd>
      </div>
      {UPLOAD_BUCKETS.filter((b) => t.counts[b] > 0 || b === 'done').map((b) => (
        <div key={b} data-bucket={b}>
          <dt>{LABELS[b]}</dt>
          <dd data-count={b}>{formatCount(t.counts[b])}</dd>
        </div>
      ))}
      <div>
        <dt>Sent</dt>
        <dd>
          {formatBytes(t.bytesSent)} of {formatBytes(t.bytesTotal)}
        </dd>
      </div>
      <div>
        <dt>Speed</dt>
        <dd data-count="speed">{speed}</dd>
      </div>
      {t.etaSeconds !== null && (
        <div>
          <dt>Time left</dt>
          <dd>{formatSpan(t.etaSeconds)}</dd>
        </div>
      )}
    </dl>
  )
}
