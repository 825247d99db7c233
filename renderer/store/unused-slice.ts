import type { UploadId } from '../../common/domain/ids.ts'
import type { UnusedUpload } from '../../common/domain/media.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { asJobId } from '../../common/domain/ids.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

export type UnusedState = Readonly<{
  items: ReadonlyArray<UnusedUpload>
  phase: 'idle' | 'loading' | 'ready' | 'error'
  error: AppError | null
  selected: Readonly<Record<string, true>>
}>

export type UnusedSlice = {
  unused: UnusedState
  unusedOpened: () => Promise<void>
  unusedSelectionToggled: (id: UploadId) => void
  unusedSelectionAllToggled: () => void
  unusedCancelConfirmed: () => Promise<void>
  unusedResumeRequested: (jobId: string) => Promise<void>
}

/** Abandoned uploads, crossed with this machine's queue (triage). */
export const createUnusedSlice: SliceCreator<UnusedSlice> = (set, get) => ({
  unused: { items: [], phase: 'idle', error: null, selected: {} },
  unusedOpened: async () => {
    set((s) => ({ unused: { ...s.unused, phase: 'loading' } }))
    const [items, error] = settle(await spool().unused.list())
    if (error) return set((s) => ({ unused: { ...s.unused, phase: 'error', error } }))
    set((s) => {
      const selected: Record<string, true> = {}
      for (const u of items) if (s.unused.selected[u.uploadId]) selected[u.uploadId] = true
      return { unused: { items, phase: 'ready', error: null, selected } }
    })
  },
  unusedSelectionToggled: (id) =>
    set((s) => {
      const selected = { ...s.unused.selected }
      if (selected[id]) delete selected[id]
      else selected[id] = true
      return { unused: { ...s.unused, selected } }
    }),
  unusedSelectionAllToggled: () =>
    set((s) => {
      const all = s.unused.items.length > 0 && s.unused.items.every((u) => s.unused.selected[u.uploadId])
      const selected: Record<string, true> = {}
      if (!all) for (const u of s.unused.items) selected[u.uploadId] = true
      return { unused: { ...s.unused, selected } }
    }),
  unusedCancelConfirmed: async () => {
    const ids = Object.keys(get().unused.selected) as UploadId[]
    if (ids.length === 0) return
    const [report, error] = settle(await spool().unused.cancel(ids))
    if (error) return get().errorShown(error)
    set((s) => ({ unused: { ...s.unused, selected: {} } }))
    if (report.failed.length > 0) {
      get().noticeShown(
        'error',
        `${report.done.length} cancelled, ${report.failed.length} could not be cancelled.`,
        report.failed[0]?.error.message,
      )
    } else get().noticeShown('info', `${report.done.length} abandoned uploads cancelled.`)
    await get().unusedOpened()
  },
  unusedResumeRequested: async (jobId) => {
    const [, error] = settle(await spool().uploads.resume([asJobId(jobId)]))
    if (error) return get().errorShown(error)
    get().noticeShown('info', 'Resuming from this machine; follow it in Uploads.')
    await get().unusedOpened()
  },
})
