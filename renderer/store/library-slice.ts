import type { MediaId } from '../../common/domain/ids.ts'
import type { LibrarySort, Media, MediaStatus } from '../../common/domain/media.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

/** How many library rows one request asks for. */
export const LIBRARY_PAGE = 200

export type LibraryState = Readonly<{
  search: string
  status: MediaStatus | null
  sort: LibrarySort
  items: ReadonlyArray<Media>
  total: number
  /** When main's cache of the library was last filled from the destination (null: never). */
  refreshedAt: string | null
  phase: 'idle' | 'loading' | 'refreshing' | 'ready' | 'error'
  error: AppError | null
  selected: Readonly<Record<string, true>>
  /** Bumps on every new query so late answers to an old one are dropped. */
  generation: number
}>

export type LibrarySlice = {
  library: LibraryState
  libraryOpened: () => Promise<void>
  librarySearchChanged: (search: string) => Promise<void>
  libraryStatusFilterChanged: (status: MediaStatus | null) => Promise<void>
  librarySortChanged: (sort: LibrarySort) => Promise<void>
  libraryMoreRequested: () => Promise<void>
  libraryRefreshRequested: () => Promise<void>
  libraryChangedInMain: () => Promise<void>
  mediaSelectionToggled: (id: MediaId) => void
  mediaSelectionAllToggled: () => void
  mediaDeleteConfirmed: () => Promise<void>
}

/** The library list: a projection of main's SQLite cache, queried page by page. */
export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get) => {
  const load = async (reset: boolean): Promise<void> => {
    const s0 = get().library
    const generation = reset ? s0.generation + 1 : s0.generation
    const offset = reset ? 0 : s0.items.length
    set((s) => ({
      library: {
        ...s.library,
        generation,
        phase: s.library.phase === 'ready' && !reset ? 'ready' : 'loading',
      },
    }))
    const result = await spool().library.query({
      ...(s0.search.trim() ? { search: s0.search.trim() } : {}),
      ...(s0.status ? { status: s0.status } : {}),
      sort: s0.sort,
      offset,
      limit: LIBRARY_PAGE,
    })
    if (get().library.generation !== generation) return
    const [page, error] = settle(result)
    if (error) return set((s) => ({ library: { ...s.library, phase: 'error', error } }))
    set((s) => ({
      library: {
        ...s.library,
        phase: 'ready',
        error: null,
        total: page.total,
        refreshedAt: page.refreshedAt,
        items: reset ? page.items : [...s.library.items, ...page.items],
      },
    }))
  }
  return {
    library: {
      search: '',
      status: null,
      sort: 'created-desc',
      items: [],
      total: 0,
      refreshedAt: null,
      phase: 'idle',
      error: null,
      selected: {},
      generation: 0,
    },
    libraryOpened: () => load(true),
    librarySearchChanged: (search) => {
      set((s) => ({ library: { ...s.library, search } }))
      return load(true)
    },
    libraryStatusFilterChanged: (status) => {
      set((s) => ({ library: { ...s.library, status } }))
      return load(true)
    },
    librarySortChanged: (sort) => {
      set((s) => ({ library: { ...s.library, sort } }))
      return load(true)
    },
    libraryMoreRequested: async () => {
      const l = get().library
      if (l.phase !== 'ready' || l.items.length >= l.total) return
      await load(false)
    },
    libraryRefreshRequested: async () => {
      set((s) => ({ library: { ...s.library, phase: 'refreshing' } }))
      const [, error] = settle(await spool().library.refresh())
      if (error) {
        get().errorShown(error)
        set((s) => ({
          library: { ...s.library, phase: s.library.items.length > 0 ? 'ready' : 'error', error },
        }))
        return
      }
      await load(true)
    },
    libraryChangedInMain: () => (get().library.phase === 'idle' ? Promise.resolve() : load(true)),
    mediaSelectionToggled: (id) =>
      set((s) => {
        const selected = { ...s.library.selected }
        if (selected[id]) delete selected[id]
        else selected[id] = true
        return { library: { ...s.library, selected } }
      }),
    mediaSelectionAllToggled: () =>
      set((s) => {
        const all = s.library.items.length > 0 && s.library.items.every((m) => s.library.selected[m.id])
        const selected: Record<string, true> = {}
        if (!all) for (const m of s.library.items) selected[m.id] = true
        return { library: { ...s.library, selected } }
      }),
    mediaDeleteConfirmed: async () => {
      const ids = Object.keys(get().library.selected) as MediaId[]
      if (ids.length === 0) return
      const [report, error] = settle(await spool().library.delete(ids))
      if (error) return get().errorShown(error)
      set((s) => ({ library: { ...s.library, selected: {} } }))
      if (report.failed.length > 0) {
        const first = report.failed[0]?.error.message ?? ''
        get().noticeShown(
          'error',
          `${report.done.length} deleted, ${report.failed.length} could not be deleted.`,
          first,
        )
      } else {
        get().noticeShown('info', `${report.done.length} deleted.`)
      }
      await load(true)
    },
  }
}
