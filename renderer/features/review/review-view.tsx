import { EmptyState } from '../../components/empty-state.tsx'
import { formatBytes } from '../../lib/format.ts'
import { selectCurrentAccount } from '../../store/selectors.ts'
import { useSpool } from '../../store/index.ts'
import { columnsFor } from './columns.ts'
import { ReviewTable } from './review-table.tsx'
import './review.css'

/**
 * A dropped folder (or an opened manifest) before anything is sent (issue 15 §4): the manifest's columns,
 * editable in place, CSV in and out, and Start. Nothing is uploaded before Start.
 */
export function ReviewView() {
  const r = useSpool((s) => s.review)
  const account = useSpool(selectCurrentAccount)
  const start = useSpool((s) => s.reviewStartRequested)
  const closed = useSpool((s) => s.reviewClosed)
  const importManifest = useSpool((s) => s.reviewImportRequested)
  const exportManifest = useSpool((s) => s.reviewExportRequested)
  const pick = useSpool((s) => s.reviewPickRequested)
  const peertube = account?.kind === 'peertube'
  const columns = columnsFor(r.rows, peertube)
  const bytes = r.checks.reduce((n, c) => n + (c.size ?? 0), 0)
  const blocked = r.checks.some((c) => c.problems.length > 0) || r.problems.length > 0
  const files = r.rows.length === 1 ? '1 file' : `${r.rows.length} files`
  return (
    <>
      <header className="view-head">
        <h1>Review the batch</h1>
        <div className="toolbar">
          <button
            type="button"
            onClick={() => void pick('folder')}
            disabled={r.manifest !== null || r.phase === 'planning' || r.phase === 'starting'}
            title={
              r.manifest
                ? 'The rows come from a manifest: add files to the CSV, or start this batch first.'
                : 'Add every video and audio file of a folder to this batch'
            }
          >
            Add folder…
          </button>
          <button type="button" onClick={() => void importManifest()}>
            Open CSV…
          </button>
          <button type="button" onClick={() => void exportManifest()} disabled={r.rows.length === 0}>
            Save as CSV…
          </button>
          <button type="button" onClick={closed}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={r.phase !== 'ready' || r.rows.length === 0}
            aria-busy={r.phase === 'starting'}
            onClick={() => void start()}
          >
            {r.phase === 'starting' ? 'Starting…' : `Start ${files}`}
          </button>
        </div>
      </header>
      <p className="hint">
        {r.manifest ? `From ${r.manifest.name}. ` : ''}
        {r.rows.length > 0 && `${files}, ${formatBytes(bytes)}, to ${r.accounts.join(' and ')}. `}
        Nothing is uploaded until you press Start; edit any cell first.
        {blocked && ' Rows marked ✕ must be changed or left out.'}
      </p>
      {r.quota
        .filter((q) => !q.ok)
        .map((q) => (
          <p key={q.destination} className="field-error" role="alert">
            {q.destination}: {q.message}
          </p>
        ))}
      {r.phase === 'planning' ? (
        <EmptyState title="Looking through what you dropped…" />
      ) : r.rows.length === 0 ? (
        <EmptyState title="Nothing to upload in this batch">
          <p>
            {r.skipped.length > 0
              ? `${r.skipped.length} ${r.skipped.length === 1 ? 'file was' : 'files were'} skipped.`
              : 'Drop a folder of footage, or open a CSV manifest.'}
          </p>
          <button type="button" onClick={() => void pick('folder')}>
            Choose a folder…
          </button>
        </EmptyState>
      ) : (
        <ReviewTable rows={r.rows} checks={r.checks} columns={columns} />
      )}
      {(r.skipped.length > 0 || r.unpairedSidecars.length > 0) && (
        <details className="panel">
          <summary>
            {r.skipped.length} skipped · {r.unpairedSidecars.length} sidecar files without their video
          </summary>
          <ul className="plain-list">
            {r.skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code> — {s.reason}
              </li>
            ))}
            {r.unpairedSidecars.map((p) => (
              <li key={p}>
                <code>{p}</code> — no video with the same name beside it
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  )
}
