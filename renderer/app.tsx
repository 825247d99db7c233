import { useLayoutEffect, useRef } from 'react'
import type { View } from './store/app-slice.ts'
import { NoticeBar } from './components/notice-bar.tsx'
import { AccountsView } from './features/accounts/accounts-view.tsx'
import { LibraryView } from './features/library/library-view.tsx'
import { MediaDetail } from './features/media/media-detail.tsx'
import { UnusedView } from './features/unused/unused-view.tsx'
import { UploadsView } from './features/uploads/uploads-view.tsx'
import { ReviewView } from './features/review/review-view.tsx'
import { selectCapabilities, selectCurrentAccount } from './store/selectors.ts'
import { useSpool } from './store/index.ts'

const NAV: ReadonlyArray<[Exclude<View, 'media' | 'review'>, string, string]> = [
  ['uploads', 'Uploads', '⇪'],
  ['library', 'Library', '▦'],
  ['unused', 'Unused uploads', '◴'],
  ['accounts', 'Accounts & settings', '⚙'],
]

/** The window: navigation on the left, the current view on the right, the notice line on top. */
export function App() {
  const view = useSpool((s) => s.app.view)
  const online = useSpool((s) => s.app.online)
  const account = useSpool(selectCurrentAccount)
  const accountsLoaded = useSpool((s) => s.accounts.loaded)
  const chosen = useSpool((s) => s.viewChosen)
  // A provider without a list of unused uploads (PeerTube) has no such view.
  const unused = useSpool((s) => selectCapabilities(s)?.unusedUploads !== false)
  const mediaId = useSpool((s) => s.mediaDetail.id)
  // The detail of a media belongs to the library; the review of a new batch to the uploads.
  const active = view === 'media' ? 'library' : view === 'review' ? 'uploads' : view
  useHeadingFocus(`${view}:${mediaId ?? ''}`)
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Views">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">◎</span> Spool
        </div>
        <ul>
          {NAV.filter(([id]) => unused || id !== 'unused').map(([id, label, glyph]) => (
            <li key={id}>
              <button
                type="button"
                aria-current={active === id ? 'page' : undefined}
                onClick={() => chosen(id)}
              >
                <span aria-hidden="true" className="nav-glyph">
                  {glyph}
                </span>
                {label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <div className="sub">Account</div>
          {/* Nothing until the list is in (never a dash that a screenshot catches), then the account or why not. */}
          <div className="name" data-testid="current-account">
            {account ? account.name : accountsLoaded ? 'No account' : '\u00a0'}
          </div>
          <div className="sub" role="status">
            <span aria-hidden="true">{online ? '●' : '○'}</span> {online ? 'Online' : 'Offline'}
          </div>
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <NoticeBar />
        {view === 'uploads' && <UploadsView />}
        {view === 'review' && <ReviewView />}
        {view === 'library' && <LibraryView />}
        {view === 'media' && <MediaDetail />}
        {view === 'unused' && <UnusedView />}
        {view === 'accounts' && <AccountsView />}
      </main>
    </div>
  )
}

/**
 * After a navigation (not at start-up), focus moves to the new page's heading, so a screen reader reads
 * where the user is and Tab continues from the top of the page instead of from a button that is gone. In a
 * layout effect, as every focus move here: Preact runs plain effects after the frame is painted, and a key
 * pressed in between would go to the element the focus was leaving.
 */
function useHeadingFocus(place: string): void {
  const last = useRef(place)
  useLayoutEffect(() => {
    if (last.current === place) return
    last.current = place
    const heading = document.querySelector<HTMLElement>('#main h1')
    if (!heading) return
    heading.tabIndex = -1
    heading.focus({ preventScroll: false })
  }, [place])
}
