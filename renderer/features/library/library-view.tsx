import { useEffect } from 'react'
import { EmptyState } from '../../components/empty-state.tsx'
import { useSpool } from '../../store/index.ts'
import { selectProviderName } from '../../store/selectors.ts'
import { LibraryToolbar } from './library-toolbar.tsx'
import { MediaList } from './media-list.tsx'
import { SelectionBar } from './selection-bar.tsx'
import './library.css'

/** When the list's data is from, as a person reads a clock. */
function asOf(refreshedAt: string | null): string {
  if (refreshedAt === null) return 'not loaded from the destination yet'
  const at = new Date(refreshedAt)
  if (Number.isNaN(at.getTime())) return ''
  const today = new Date().toDateString() === at.toDateString()
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  return today ? `as of ${time}` : `as of ${at.toLocaleDateString()} ${time}`
}

/** The library: browse, search, filter, sort, bulk delete; opens a media item's detail. */
export function LibraryView() {
  const phase = useSpool((s) => s.library.phase)
  const error = useSpool((s) => s.library.error)
  const count = useSpool((s) => s.library.items.length)
  const total = useSpool((s) => s.library.total)
  const refreshedAt = useSpool((s) => s.library.refreshedAt)
  const filtered = useSpool(
    (s) => s.library.search !== '' || s.library.status !== null || s.library.folder !== null,
  )
  const opened = useSpool((s) => s.libraryOpened)
  const refresh = useSpool((s) => s.libraryRefreshRequested)
  const provider = useSpool(selectProviderName)
  const chosen = useSpool((s) => s.viewChosen)
  useEffect(() => {
    if (useSpool.getState().library.phase === 'idle') void opened().then(() => refresh())
  }, [opened, refresh])
  return (
    <>
      <header className="view-head">
        <h1>Library</h1>
        <span className="hint" aria-live="polite">
          {phase === 'loading' ? 'Loading…' : `${total} items`}
          {phase !== 'loading' && (
            <span className="data-age" title={refreshedAt ?? undefined}>
              {' · '}
              {phase === 'refreshing' ? 'refreshing…' : asOf(refreshedAt)}
            </span>
          )}
        </span>
      </header>
      <LibraryToolbar />
      <SelectionBar />
      {phase === 'error' && count === 0 ? (
        <EmptyState title="The library could not be loaded" tone="error">
          <p>{error?.message}</p>
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </EmptyState>
      ) : (phase === 'loading' || phase === 'idle' || phase === 'refreshing') && count === 0 ? (
        <EmptyState title="Loading the library…" />
      ) : count === 0 ? (
        <EmptyState title={filtered ? 'Nothing matches' : 'No media yet'}>
          <p>
            {filtered
              ? 'Try another search, folder or status.'
              : `Uploaded files appear here once ${provider} has them.`}
          </p>
          {!filtered && (
            <button type="button" onClick={() => chosen('uploads')}>
              Go to Uploads
            </button>
          )}
        </EmptyState>
      ) : (
        <MediaList />
      )}
    </>
  )
}
