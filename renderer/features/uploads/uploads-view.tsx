import { useCallback, useState } from 'react'
import { isCancellable } from '../../../common/domain/upload-policy.ts'
import type { BatchGroup } from '../../store/batch-groups.ts'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { useSpool } from '../../store/index.ts'
import { selectProviderName } from '../../store/selectors.ts'
import { BatchSettings } from './batch-settings.tsx'
import { DropZone } from './drop-zone.tsx'
import { QueueTotals } from './queue-totals.tsx'
import { UploadQueue } from './upload-queue.tsx'
import './uploads.css'

/** What the confirmation bar asks about: every unfinished upload, or one batch's. */
type Confirming = Readonly<{ kind: 'all' }> | Readonly<{ kind: 'batch'; group: BatchGroup }>

/** Uploads: add files (drop or dialogs), set the batch, watch and steer the queue. */
export function UploadsView() {
  const count = useSpool((s) => s.uploads.order.length)
  const add = useSpool((s) => s.addRequested)
  const pause = useSpool((s) => s.pauseRequested)
  const resume = useSpool((s) => s.resumeRequested)
  const cancel = useSpool((s) => s.cancelRequested)
  const retry = useSpool((s) => s.retryRequested)
  const clearDone = useSpool((s) => s.clearDoneRequested)
  const provider = useSpool(selectProviderName)
  const jobs = useSpool((s) => s.uploads.jobs)
  const [confirming, setConfirming] = useState<Confirming | null>(null)
  const onCancelBatch = useCallback((group: BatchGroup) => setConfirming({ kind: 'batch', group }), [])
  const cancelConfirmed = (c: Confirming): void => {
    setConfirming(null)
    if (c.kind === 'all') return void cancel('all')
    const ids = c.group.jobIds.flatMap((id) => {
      const job = jobs[id]
      return job && isCancellable(job.state) ? [job.id] : []
    })
    if (ids.length > 0) void cancel(ids)
  }
  return (
    <DropZone>
      <header className="view-head">
        <h1>Uploads</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => void add('files')}>
            Add files…
          </button>
          <button type="button" className="primary" onClick={() => void add('folder')}>
            Add folder…
          </button>
        </div>
      </header>
      <BatchSettings />
      {count === 0 ? (
        <div className="drop-hint">
          <div className="drop-icon" aria-hidden="true">
            ⇪
          </div>
          <h2>Drop a folder of footage here</h2>
          <p>
            Spool uploads every video and audio file inside it, resumes after sleep or network loss, and
            verifies each byte.
          </p>
        </div>
      ) : (
        <>
          <QueueTotals />
          <div className="toolbar" role="toolbar" aria-label="All uploads">
            <button type="button" onClick={() => void pause('all')}>
              Pause all
            </button>
            <button type="button" onClick={() => void resume('all')}>
              Resume all
            </button>
            <button type="button" onClick={() => void retry('all')}>
              Retry failed
            </button>
            <button type="button" onClick={() => setConfirming({ kind: 'all' })}>
              Cancel all
            </button>
            <button type="button" onClick={() => void clearDone()}>
              Clear finished
            </button>
          </div>
          {confirming && (
            <ConfirmBar
              message={
                confirming.kind === 'all'
                  ? `Cancel every unfinished upload? Their partial uploads are discarded on ${provider}.`
                  : `Cancel the unfinished uploads of “${confirming.group.label}”? Their partial uploads are discarded on ${provider}.`
              }
              confirmLabel={confirming.kind === 'all' ? 'Cancel all uploads' : 'Cancel this batch'}
              onCancel={() => setConfirming(null)}
              onConfirm={() => cancelConfirmed(confirming)}
            />
          )}
          <UploadQueue onCancelBatch={onCancelBatch} />
        </>
      )}
    </DropZone>
  )
}
