import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { MEDIA_STATUSES, type LibrarySort, type MediaStatus } from '../../../common/domain/media.ts'
import { useSpool } from '../../store/index.ts'

/** Search, folder and status filters, sort and refresh for the library. */
export function LibraryToolbar() {
  const status = useSpool((s) => s.library.status)
  const folder = useSpool((s) => s.library.folder)
  const folders = useSpool((s) => s.library.folders)
  const folderChanged = useSpool((s) => s.libraryFolderFilterChanged)
  const sort = useSpool((s) => s.library.sort)
  const phase = useSpool((s) => s.library.phase)
  const focusTick = useSpool((s) => s.app.searchFocusTick)
  const searchChanged = useSpool((s) => s.librarySearchChanged)
  const statusChanged = useSpool((s) => s.libraryStatusFilterChanged)
  const sortChanged = useSpool((s) => s.librarySortChanged)
  const refresh = useSpool((s) => s.libraryRefreshRequested)
  const [text, setText] = useState(() => useSpool.getState().library.search)
  const searchRef = useRef<HTMLInputElement>(null)
  useLayoutEffect(() => {
    if (focusTick > 0) searchRef.current?.focus()
  }, [focusTick])
  useEffect(() => {
    if (text === useSpool.getState().library.search) return
    const t = setTimeout(() => void searchChanged(text), 200)
    return () => clearTimeout(t)
  }, [text, searchChanged])
  return (
    <div className="toolbar library-toolbar" role="search">
      <input
        ref={searchRef}
        type="search"
        aria-label="Search titles and metadata"
        placeholder="Search titles and metadata"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {(folders.length > 0 || folder !== null) && (
        <label>
          Folder
          <select value={folder ?? ''} onChange={(e) => void folderChanged(e.target.value || null)}>
            <option value="">All folders</option>
            {folders.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Status
        <select
          value={status ?? ''}
          onChange={(e) => void statusChanged((e.target.value || null) as MediaStatus | null)}
        >
          <option value="">Any</option>
          {MEDIA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort
        <select value={sort} onChange={(e) => void sortChanged(e.target.value as LibrarySort)}>
          <option value="created-desc">Newest first</option>
          <option value="created-asc">Oldest first</option>
          <option value="title-asc">Title A–Z</option>
          <option value="duration-desc">Longest first</option>
        </select>
      </label>
      <button
        type="button"
        onClick={() => void refresh()}
        disabled={phase === 'refreshing'}
        aria-busy={phase === 'refreshing'}
      >
        {phase === 'refreshing' ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  )
}
