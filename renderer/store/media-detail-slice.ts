import type { MediaId, TrackId } from '../../common/domain/ids.ts'
import type {
  Clip,
  InputInfo,
  Media,
  MediaPatch,
  MediaSummary,
  Mp4Option,
  NewTrack,
  TrackPatch,
} from '../../common/domain/media.ts'
import type { AppError, IpcResult } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import { leave } from './app-slice.ts'
import type { SliceCreator } from './types.ts'

export type MediaDetailState = Readonly<{
  id: MediaId | null
  media: Media | null
  phase: 'idle' | 'loading' | 'ready' | 'error'
  error: AppError | null
  busy: boolean
  summary: MediaSummary | null
  inputInfo: InputInfo | null
  clips: ReadonlyArray<Clip> | null
}>

export type MediaDetailSlice = {
  mediaDetail: MediaDetailState
  mediaOpened: (id: MediaId) => Promise<void>
  mediaClosed: () => void
  mediaSaved: (patch: MediaPatch) => Promise<boolean>
  trackAdded: (track: NewTrack) => Promise<boolean>
  trackUpdated: (trackId: TrackId, patch: TrackPatch) => Promise<boolean>
  trackDeleted: (trackId: TrackId) => Promise<void>
  subtitlesRequested: (trackId: TrackId, languageCode: string, languageName: string) => Promise<boolean>
  summaryRequested: () => Promise<void>
  summaryGenerateRequested: () => Promise<void>
  mp4SupportChanged: (option: Mp4Option) => Promise<void>
  sourceAccessChanged: (on: boolean) => Promise<void>
  inputInfoRequested: () => Promise<void>
  clipsRequested: () => Promise<void>
}

const EMPTY: MediaDetailState = {
  id: null,
  media: null,
  phase: 'idle',
  error: null,
  busy: false,
  summary: null,
  inputInfo: null,
  clips: null,
}

/** One media item opened from the library: its editor, tracks and extras. */
export const createMediaDetailSlice: SliceCreator<MediaDetailSlice> = (set, get) => {
  const patch = (p: Partial<MediaDetailState>): void =>
    set((s) => ({ mediaDetail: { ...s.mediaDetail, ...p } }))
  const current = (): MediaId | null => get().mediaDetail.id
  /** Runs one call with the busy flag; on success optionally reloads the media; returns whether it worked. */
  const run = async <T>(
    call: Promise<IpcResult<T>>,
    okText: string | null,
    reload = true,
  ): Promise<T | null> => {
    const id = current()
    patch({ busy: true })
    const [value, error] = settle(await call)
    if (current() !== id) return null
    patch({ busy: false })
    if (error) {
      get().errorShown(error)
      return null
    }
    if (okText) get().noticeShown('info', okText)
    if (reload && id) await reloadMedia(id)
    return value
  }
  const reloadMedia = async (id: MediaId): Promise<void> => {
    const [media, error] = settle(await spool().library.get(id))
    if (current() !== id) return
    if (error) return patch({ phase: 'error', error })
    patch({ media, phase: 'ready', error: null })
  }
  return {
    mediaDetail: EMPTY,
    mediaOpened: async (id) => {
      set((s) => ({ mediaDetail: { ...EMPTY, id, phase: 'loading' }, app: leave(s.app, 'media') }))
      await reloadMedia(id)
    },
    mediaClosed: () => {
      set((s) => ({ mediaDetail: EMPTY, app: leave(s.app, 'library') }))
      // Edits made here (a new title) show in the list the user goes back to.
      void get().libraryChangedInMain()
    },
    mediaSaved: async (p) => {
      const id = current()
      if (!id) return false
      return (await run(spool().library.update(id, p), 'Saved.')) !== undefined
    },
    trackAdded: async (track) => {
      const id = current()
      if (!id) return false
      return (await run(spool().tracks.add(id, track), 'Track added.')) !== undefined
    },
    trackUpdated: async (trackId, p) => {
      const id = current()
      if (!id) return false
      return (await run(spool().tracks.update(id, trackId, p), 'Track updated.')) !== undefined
    },
    trackDeleted: async (trackId) => {
      const id = current()
      if (id) await run(spool().tracks.delete(id, trackId), 'Track deleted.')
    },
    subtitlesRequested: async (trackId, code, name) => {
      const id = current()
      if (!id) return false
      return (
        (await run(spool().tracks.generateSubtitles(id, trackId, code, name), 'Subtitles requested.')) !==
        undefined
      )
    },
    summaryRequested: async () => {
      const id = current()
      if (!id) return
      const summary = await run(spool().library.summary(id), null, false)
      if (summary) patch({ summary })
    },
    summaryGenerateRequested: async () => {
      const id = current()
      if (!id) return
      if ((await run(spool().library.generateSummary(id), 'Summary requested.', false)) !== undefined) {
        await get().summaryRequested()
      }
    },
    mp4SupportChanged: async (option) => {
      const id = current()
      if (id) await run(spool().library.setMp4Support(id, option), 'MP4 support updated.')
    },
    sourceAccessChanged: async (on) => {
      const id = current()
      if (id)
        await run(spool().library.setSourceAccess(id, on), on ? 'Source access on.' : 'Source access off.')
    },
    inputInfoRequested: async () => {
      const id = current()
      if (!id) return
      const inputInfo = await run(spool().library.inputInfo(id), null, false)
      if (inputInfo) patch({ inputInfo })
    },
    clipsRequested: async () => {
      const id = current()
      if (!id) return
      const clips = await run(spool().library.clips(id), null, false)
      if (clips) patch({ clips })
    },
  }
}
