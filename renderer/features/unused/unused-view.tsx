import { useEffect, useState } from 'react'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { EmptyState } from '../../components/empty-state.tsx'
import { useSpool } from '../../store/index.ts'
import { selectCapabilities, selectProviderName } from '../../store/selectors.ts'
import { UnusedRow } from './unused-row.tsx'

/** Triage of abandoned uploads: which can resume here, which are orphaned or expired; bulk cancel. */
export function UnusedView() {
  const u = useSpool((s) => s.unused)
  const opened = useSpool((s) => s.unusedOpened)
  const toggleAll = useSpool((s) => s.unusedSelectionAllToggled)
  const cancelConfirmed = useSpool((s) => s.unusedCancelConfirmed)
  const [confirming, setConfirming] = useState(false)
  const provider = useSpool(selectProviderName)
  const supported = useSpool((s) => selectCapabilities(s)?.unusedUploads !== false)
  useEffect(() => {
    if (supported) void opened()
  }, [opened, supported])
  if (!supported)
    return (
      <>
        <header className="view-head">
          <h1>Unused uploads</h1>
        </header>
        <EmptyState title={`${provider} has no list of unused uploads`}>
          <p>Uploads this computer started resume from the Uploads view; there is nothing to triage here.</p>
        </EmptyState>
      </>
    )
  const selectedCount = Object.keys(u.selected).length
  const allSelected = u.items.length > 0 && u.items.every((x) => u.selected[x.uploadId])
  return (
    <>
      <header className="view-head">
        <h1>Unused uploads</h1>
        <div className="toolbar">
          <button type="button" onClick={() => void opened()} disabled={u.phase === 'loading'}>
            Refresh
          </button>
          {selectedCount > 0 && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Cancel {selectedCount} selected…
            </button>
          )}
        </div>
      </header>
      <p className="hint">
        Uploads that were started but never finished. Spool crosses them with this machine’s queue: some can
        resume from here; the rest can be cancelled so they stop counting against your account.
      </p>
      {confirming && (
        <ConfirmBar
          message={`Cancel ${selectedCount} abandoned uploads on ${provider}?`}
          confirmLabel={`Cancel ${selectedCount} uploads`}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void cancelConfirmed()
          }}
        />
      )}
      {u.phase === 'error' ? (
        <EmptyState title="Unused uploads could not be loaded" tone="error">
          <p>{u.error?.message}</p>
        </EmptyState>
      ) : u.phase !== 'ready' && u.items.length === 0 ? (
        <EmptyState title="Loading…" />
      ) : u.items.length === 0 ? (
        <EmptyState title="No abandoned uploads">
          <p>Everything that was started has finished.</p>
        </EmptyState>
      ) : (
        <table className="table" aria-label="Unused uploads">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Select all unused uploads"
                  checked={allSelected}
                  onChange={toggleAll}
                />
              </th>
              <th>Upload</th>
              <th>Where</th>
              <th>Started</th>
              <th>Expires in</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {u.items.map((x) => (
              <UnusedRow key={x.uploadId} upload={x} selected={u.selected[x.uploadId] === true} />
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
