import type { ExternalLink } from '../../common/domain/links.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

/** The top-level views. */
export type View = 'uploads' | 'review' | 'library' | 'media' | 'unused' | 'accounts'

/**
 * A short message for the live region: what just happened, or what went wrong. It belongs to the view that
 * raised it: leaving that view drops it (a "12 added." must not greet the user on the library).
 */
export type Notice = Readonly<{
  id: number
  tone: 'info' | 'error'
  text: string
  detail?: string
  view: View
}>

export type AppSlice = {
  app: Readonly<{ view: View; online: boolean; notice: Notice | null; searchFocusTick: number }>
  viewChosen: (view: View) => void
  networkChanged: (online: boolean) => void
  noticeShown: (tone: Notice['tone'], text: string, detail?: string) => void
  errorShown: (error: AppError) => void
  noticeDismissed: () => void
  searchFocusRequested: () => void
  /** Opens a named place (FastPix's dashboard, docs) in the system browser. */
  externalLinkRequested: (link: ExternalLink) => Promise<void>
}

let noticeId = 0

/** The app state after moving to `view`: a notice raised on another view goes. */
export function leave(app: AppSlice['app'], view: View): AppSlice['app'] {
  return { ...app, view, notice: app.notice?.view === view ? app.notice : null }
}

/** Navigation, connectivity and the notice line. */
export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  app: { view: 'uploads', online: true, notice: null, searchFocusTick: 0 },
  viewChosen: (view) => set((s) => ({ app: leave(s.app, view) })),
  networkChanged: (online) => set((s) => ({ app: { ...s.app, online } })),
  noticeShown: (tone, text, detail) =>
    set((s) => ({
      app: {
        ...s.app,
        notice: { id: ++noticeId, tone, text, view: s.app.view, ...(detail ? { detail } : {}) },
      },
    })),
  errorShown: (error) =>
    set((s) => ({
      app: {
        ...s.app,
        notice: {
          id: ++noticeId,
          tone: 'error',
          text: error.message,
          view: s.app.view,
          ...(error.detail ? { detail: error.detail } : {}),
        },
      },
    })),
  noticeDismissed: () => set((s) => ({ app: { ...s.app, notice: null } })),
  searchFocusRequested: () =>
    set((s) => ({ app: { ...leave(s.app, 'library'), searchFocusTick: s.app.searchFocusTick + 1 } })),
  externalLinkRequested: async (link) => {
    const [, error] = settle(await spool().app.openLink(link))
    if (error) get().errorShown(error)
  },
})
