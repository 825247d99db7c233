import { memo } from 'react'
import type { UploadJob, UploadProgress } from '../../../common/domain/upload.ts'
import { ProgressBar } from '../../components/progress-bar.tsx'
import { UploadStateBadge } from '../../components/state-badge.tsx'
import { formatBytes, formatRate, formatSpan, percent } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'
import { Poster } from './poster.tsx'
import { QUEUE_ROW_TIMING } from '../../bridge/first-screen.ts'
import { isCancellable, isDelivered, isPausable } from '../../../common/domain/upload-policy.ts'

/** The folder a file sits in, for a file added on its own (it has no folder relative to a drop). */
const parentFolder = (path: string): string => path.split(/[\\/]/).slice(-2, -1)[0] ?? ''

/**
 * Chromium's Element Timing reports when the first names show: the queue asks for the rest of its jobs then,
 * and B6 measures "first rows" by it.
 */
const ELEMENT_TIMING: Readonly<Record<string, string>> = { elementtiming: QUEUE_ROW_TIMING }

/** One job of the queue: what, where, how far, how fast, and what the user can do about it. */
export const UploadRow = memo(function UploadRow({
  job,
  progress,
  rowIndex,
}: {
  job: UploadJob
  progress: UploadProgress | undefined
  rowIndex?: number
}) {
  const pause = useSpool((s) => s.pauseRequested)
  const resume = useSpool((s) => s.resumeRequested)
  const cancel = useSpool((s) => s.cancelRequested)
  const retry = useSpool((s) => s.retryRequested)
  const relocate = useSpool((s) => s.relocateRequested)
  const peertube = useSpool((s) =>
    s.accounts.list.some((a) => a.name === job.account && a.kind === 'peertube'),
  )
  const finished = isDelivered(job.state)
  const acked = finished ? job.size : Math.max(job.bytesAcked, progress?.bytesAcked ?? 0)
  const shown = finished ? job.size : acked + (progress?.bytesInFlight ?? 0)
  const tone =
    job.state === 'failed' ? 'error' : finished ? 'done' : job.state === 'paused' ? 'paused' : 'normal'
  return (
    <div className="upload-row" role="row" aria-rowindex={rowIndex} data-state={job.state}>
      <div role="cell" className="cell-name cell-poster">
        <Poster job={job} />
        <div className="cell-name-text">
          <div className="name" title={job.path} {...ELEMENT_TIMING}>
            {job.name}
          </div>
          <div className="sub">{job.relativeDir || parentFolder(job.path)}</div>
        </div>
      </div>
      <div role="cell" className="cell-size">
        {formatBytes(job.size)}
      </div>
      <div role="cell" className="cell-state">
        <UploadStateBadge state={job.state} />
      </div>
      <div role="cell" className="cell-progress">
        <ProgressBar value={percent(shown, job.size)} label={`Progress of ${job.name}`} tone={tone} />
        {job.error && (job.state === 'uploading' || job.state === 'preparing') ? (
          // A transient answer the engine is waiting out (job-runner retry): why nothing moves, not a failure.
          <div className="sub row-retrying" title={job.error.detail ?? job.error.message}>
            {/try again/i.test(job.error.message) ? job.error.message : `${job.error.message} Trying again…`}
          </div>
        ) : job.error ? (
          <div className="row-error" title={job.error.detail ?? job.error.message}>
            {job.error.message}
          </div>
        ) : (
          <div className="sub">
            {job.state === 'uploading' && progress && progress.rate > 0
              ? `${formatRate(progress.rate)} · ${formatSpan(progress.etaSeconds)} left`
              : job.state === 'uploading' || job.state === 'preparing'
                ? `${formatBytes(shown)} of ${formatBytes(job.size)} · measuring speed…`
                : job.state === 'processing'
                  ? `${peertube ? 'PeerTube' : 'FastPix'} is processing`
                  : job.state === 'waiting-for-network'
                    ? 'Resumes when the network is back'
                    : job.state === 'needs-sign-in'
                      ? 'Continues once the account is signed in again (Accounts → Edit)'
                      : `${formatBytes(acked)} of ${formatBytes(job.size)}`}
          </div>
        )}
      </div>
      <div role="cell" className="cell-actions">
        {isPausable(job.state) && (
          <button
            type="button"
            className="ghost"
            aria-label={`Pause ${job.name}`}
            onClick={() => void pause([job.id])}
          >
            Pause
          </button>
        )}
        {job.state === 'paused' && (
          <button
            type="button"
            className="ghost"
            aria-label={`Resume ${job.name}`}
            onClick={() => void resume([job.id])}
          >
            Resume
          </button>
        )}
        {job.state === 'failed' && (
          <button
            type="button"
            className="ghost"
            aria-label={`Retry ${job.name}`}
            onClick={() => void retry([job.id])}
          >
            Retry
          </button>
        )}
        {job.error?.code === 'upload/source-missing' && (
          <button
            type="button"
            className="ghost"
            aria-label={`Find ${job.name} in another folder`}
            title="The card or folder moved? Choose where it is now; the upload continues from there."
            onClick={() => void relocate()}
          >
            Find…
          </button>
        )}
        {isCancellable(job.state) && (
          <button
            type="button"
            className="ghost"
            aria-label={`Cancel ${job.name}`}
            onClick={() => void cancel([job.id])}
          >
            Cancel
          </button>
        )}
      </div>
    </div>
  )
})
