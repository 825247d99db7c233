import type { MediaId } from '../../common/domain/ids.ts'
import type { LibrarySort, Media, MediaStatus, Mp4Option } from '../../common/domain/media.ts'
import type { VideoPrivacy } from '../../common/domain/upload.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

/** How many library rows one request asks for. */
export const LIBRARY_PAGE = 200

export type LibraryState = Readonly<{
  search: string
  status: MediaStatus | null
  /** Only media uploaded from this folder (Spool's metadata); null: every folder. */
  folder: string | null
  /** The folders the library's media came from, for the filter. */
  folders: ReadonlyArray<string>
  sort: LibrarySort
  items: ReadonlyArray<Media>
  total: number
  /** When main's cache of the library was last filled from the destination (null: never). */
  refreshedAt: string | null
  phase: 'idle' | 'loading' | 'refreshing' | 'ready' | 'error'
  error: AppError | null
  selected: Readonly<Record<string, true>>
  /** A bulk change is being applied to the selection. */
  bulkBusy: boolean
  /** Bumps on every new query so late answers to an old one are dropped. */
  generation: number
}>

export type LibrarySlice = {
  library: LibraryState
  libraryOpened: () => Promise<void>
  librarySearchChanged: (search: string) => Promise<void>
  libraryStatusFilterChanged: (status: MediaStatus | null) => Promise<void>
  libraryFolderFilterChanged: (folder: string | null) => Promise<void>
  librarySortChanged: (sort: LibrarySort) => Promise<void>
  libraryMoreRequested: () => Promise<void>
  libraryRefreshRequested: () => Promise<void>
  libraryChangedInMain: () => Promise<void>
  mediaSelectionToggled: (id: MediaId) => void
  mediaSelectionAllToggled: () => void
  mediaSelectionCleared: () => void
  mediaDeleteConfirmed: () => Promise<void>
  /** MP4 downloads for every selected media. */
  mediaBulkMp4Requested: (option: Mp4Option) => Promise<void>
  /** Whether the original file stays downloadable, for every selected media. */
  mediaBulkSourceAccessRequested: (on: boolean) => Promise<void>
  /** The selected media saved as manifest rows, through main's save dialog. */
  mediaManifestRequested: () => Promise<void>
  /** Who can watch every selected media (destinations that allow changing it after upload). */
  mediaBulkPrivacyRequested: (privacy: VideoPrivacy) => Promise<void>
  /** Copies a media id to the clipboard and says so. */
  mediaIdCopied: (id: MediaId) => Promise<void>
}

/** How many per-media calls of a bulk change run at once (each is one API request in main). */
const BULK_PARALLEL = 4

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
      ...(s0.folder !== null ? { folder: s0.folder } : {}),
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
  const loadFolders = async (): Promise<void> => {
    const [folders] = settle(await spool().library.folders())
    if (folders) set((s) => ({ library: { ...s.library, folders } }))
  }
  /** Runs one call per selected media, a few at a time; reports what worked and what did not. */
  const bulk = async (
    what: string,
    call: (id: MediaId) => Promise<{ ok: boolean; error?: { message: string } }>,
  ): Promise<void> => {
    const ids = Object.keys(get().library.selected) as MediaId[]
    if (ids.length === 0) return
    set((s) => ({ library: { ...s.library, bulkBusy: true } }))
    const failures: string[] = []
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!
        const r = await call(id)
        if (!r.ok) failures.push(r.error?.message ?? '')
      }
    }
    await Promise.all(Array.from({ length: Math.min(BULK_PARALLEL, ids.length) }, worker))
    set((s) => ({ library: { ...s.library, bulkBusy: false } }))
    const done = ids.length - failures.length
    if (failures.length > 0)
      get().noticeShown(
        'error',
        `${what}: ${done} changed, ${failures.length} could not be changed.`,
        failures[0],
      )
    else get().noticeShown('info', `${what}: ${done} changed.`)
    await load(true)
  }
  return {
    library: {
      search: '',
      status: null,
      folder: null,
      folders: [],
      bulkBusy: false,
      sort: 'created-desc',
      items: [],
      total: 0,
      refreshedAt: null,
      phase: 'idle',
      error: null,
      selected: {},
      generation: 0,
    },
    libraryOpened: () => Promise.all([load(true), loadFolders()]).then(() => undefined),
    librarySearchChanged: (search) => {
      set((s) => ({ library: { ...s.library, search } }))
      return load(true)
    },
    libraryStatusFilterChanged: (status) => {
      set((s) => ({ library: { ...s.library, status } }))
      return load(true)
    },
    libraryFolderFilterChanged: (folder) => {
      set((s) => ({ library: { ...s.library, folder, selected: {} } }))
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
      await Promise.all([load(true), loadFolders()])
    },
    libraryChangedInMain: () =>
      get().library.phase === 'idle'
        ? Promise.resolve()
        : Promise.all([load(true), loadFolders()]).then(() => undefined),
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
    mediaSelectionCleared: () => set((s) => ({ library: { ...s.library, selected: {} } })),
    mediaBulkMp4Requested: (option) =>
      bulk('MP4 downloads', (id) => spool().library.setMp4Support(id, option)),
    mediaBulkSourceAccessRequested: (on) =>
      bulk(on ? 'Original file downloadable' : 'Original file not downloadable', (id) =>
        spool().library.setSourceAccess(id, on),
      ),
    mediaManifestRequested: async () => {
      const ids = Object.keys(get().library.selected) as MediaId[]
      if (ids.length === 0) return
      const [saved, error] = settle(await spool().library.exportManifest(ids))
      if (error) return get().errorShown(error)
      if (!saved) return
      const rows = saved.rows === 1 ? '1 row' : `${saved.rows} rows`
      const missing =
        saved.withoutFile === 0
          ? ''
          : ` ${saved.withoutFile} of them ${saved.withoutFile === 1 ? 'was' : 'were'} not uploaded from this computer: ${saved.withoutFile === 1 ? 'its' : 'their'} path cell is empty.`
      get().noticeShown('info', `Saved ${saved.name} (${rows}).${missing}`)
    },
    mediaBulkPrivacyRequested: (privacy) =>
      bulk(`Privacy ${privacy}`, (id) => spool().library.setPrivacy(id, privacy)),
    mediaIdCopied: async (id) => {
      try {
        await navigator.clipboard.writeText(id)
        get().noticeShown('info', `Copied the id ${id}.`)
      } catch {
        get().noticeShown('error', 'The id could not be copied to the clipboard.', id)
      }
    },
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
