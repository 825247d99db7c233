import type { JobId } from '../../common/domain/ids.ts'
import type {
  Batch,
  EnqueueReport,
  UploadJob,
  UploadProgress,
  UploadSettings,
} from '../../common/domain/upload.ts'
import type { Jobs, DroppedFile } from '../../common/ipc/api.ts'
import type { PickKind, UploadsChanged } from '../../common/ipc/channels.ts'
import type { IpcResult } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import {
  FIRST_SCREEN_JOBS,
  firstRowsShown,
  firstScreenLoaded,
  takeFirstScreenCalls,
} from '../bridge/first-screen.ts'
import { duplicateText } from '../lib/duplicate-text.ts'
import type { SliceCreator } from './types.ts'

export type UploadsState = Readonly<{
  loaded: boolean
  /**
   * The whole queue is in, not only the newest jobs the first screen asks for first: until then the queue's and
   * the batches' counts would be counts of those few, and a batch's buttons would act on those few.
   */
  complete: boolean
  /** Job ids in queue order (oldest first). */
  order: ReadonlyArray<JobId>
  jobs: Readonly<Record<string, UploadJob>>
  progress: Readonly<Record<string, UploadProgress>>
  /** Batch records by id (headers of the groups); a job's batch may arrive after the job. */
  batches: Readonly<Record<string, Batch>>
  /** Group keys (batch ids, or the earlier group) the user folded away. */
  collapsed: Readonly<Record<string, boolean>>
  batch: UploadSettings
  /** Upload the next files even when their content is already at the destination (issue 13 §2). */
  force: boolean
  lastReport: EnqueueReport | null
}>

export type UploadsSlice = {
  uploads: UploadsState
  /** The queue as main lists it: all of it, or (`whole` false) only its newest jobs. */
  uploadsLoaded: (jobs: ReadonlyArray<UploadJob>, whole?: boolean) => void
  uploadsChanged: (change: UploadsChanged) => void
  uploadProgressReceived: (samples: ReadonlyArray<UploadProgress>) => void
  batchesLoaded: (batches: ReadonlyArray<Batch>) => void
  batchToggled: (key: string) => void
  uploadsOpened: () => Promise<void>
  filesDropped: (files: ReadonlyArray<DroppedFile>) => Promise<void>
  addRequested: (kind: PickKind) => Promise<void>
  pauseRequested: (jobs: Jobs) => Promise<void>
  resumeRequested: (jobs: Jobs) => Promise<void>
  cancelRequested: (jobs: Jobs) => Promise<void>
  retryRequested: (jobs: Jobs) => Promise<void>
  clearDoneRequested: () => Promise<void>
  /** A job's file moved (a card mounted elsewhere): the user points at the folder, main finds them there. */
  relocateRequested: () => Promise<void>
  batchSettingsEdited: (settings: UploadSettings) => void
  forceEdited: (force: boolean) => void
}

/** The live progress of the jobs still uploading (a list or a replay does not wait for the next sample). */
function stillMoving(
  progress: Readonly<Record<string, UploadProgress>>,
  jobs: Readonly<Record<string, UploadJob>>,
): Record<string, UploadProgress> {
  const kept: Record<string, UploadProgress> = {}
  for (const [id, p] of Object.entries(progress)) if (jobs[id]?.state === 'uploading') kept[id] = p
  return kept
}

/** Queue read-model fed by main's events (ARCHITECTURE.md §8.9) plus the user's queue actions. */
export const createUploadsSlice: SliceCreator<UploadsSlice> = (set, get) => {
  const report = (r: IpcResult<EnqueueReport | null>): void => {
    const [value, error] = settle(r)
    if (error) return get().errorShown(error)
    if (!value) return
    set((s) => ({ uploads: { ...s.uploads, lastReport: value } }))
    if (value.batch) get().batchesLoaded([value.batch])
    get().uploadsChanged({ upserted: value.added, removed: [] })
    // Named after the batch, so "4 added" reads right above a queue that holds earlier batches too.
    const files = value.added.length === 1 ? '1 file' : `${value.added.length} files`
    const parts = [value.batch ? `“${value.batch.label}”: ${files} added` : `${files} added`]
    if (value.duplicates.length > 0) parts.push(`${value.duplicates.length} already at the destination`)
    if (value.skipped.length > 0) parts.push(`${value.skipped.length} skipped`)
    const firstSkip = value.skipped[0]
    const firstDuplicate = value.duplicates[0]
    const detail = firstSkip
      ? `${firstSkip.path.split(/[\\/]/).pop() ?? firstSkip.path}: ${firstSkip.reason.message}`
      : firstDuplicate && duplicateText(firstDuplicate)
    get().noticeShown(
      value.added.length === 0 && value.skipped.length > 0 ? 'error' : 'info',
      parts.join(', ') + '.',
      detail,
    )
  }
  /**
   * Changes seen while the first lists are on their way: a list replaces the read-model, so they are
   * applied again, in order, on top of it (each job ends in the state of its latest event).
   */
  let recorded: UploadsChanged[] | null = null
  const applyChange = ({ upserted, removed }: UploadsChanged): void =>
    set((s) => {
      const jobs: Record<string, UploadJob> = { ...s.uploads.jobs }
      const progress: Record<string, UploadProgress> = { ...s.uploads.progress }
      const added: JobId[] = []
      for (const j of upserted) {
        if (!(j.id in jobs)) added.push(j.id)
        jobs[j.id] = j
        // A job that left the moving states has no live progress any more.
        if (j.state !== 'uploading') delete progress[j.id]
      }
      const gone = new Set<string>(removed)
      for (const id of removed) {
        delete jobs[id]
        delete progress[id]
      }
      let order = s.uploads.order
      if (gone.size > 0) order = order.filter((id) => !gone.has(id))
      if (added.length > 0) order = [...order, ...added]
      return { uploads: { ...s.uploads, jobs, progress, order } }
    })
  const loadList = (list: ReadonlyArray<UploadJob>, whole: boolean): void => {
    const progress = get().uploads.progress
    get().uploadsLoaded(list, whole)
    for (const change of recorded ?? []) applyChange(change)
    set((s) => ({ uploads: { ...s.uploads, progress: stillMoving(progress, s.uploads.jobs) } }))
  }
  let fetching: Promise<void> | null = null
  const fetchBatches = (): void => {
    fetching ??= spool()
      .uploads.batches()
      .then((r) => {
        const [list] = settle(r)
        if (list) get().batchesLoaded(list)
      })
      .finally(() => {
        fetching = null
      })
  }
  const act = async (r: Promise<IpcResult<null>>): Promise<void> => {
    const [, error] = settle(await r)
    if (error) get().errorShown(error)
  }
  return {
    uploads: {
      loaded: false,
      complete: false,
      order: [],
      jobs: {},
      progress: {},
      batches: {},
      collapsed: {},
      batch: { accessPolicy: 'public', metadata: {} },
      force: false,
      lastReport: null,
    },
    uploadsLoaded: (list, whole = true) =>
      set((s) => {
        const jobs: Record<string, UploadJob> = {}
        for (const j of list) jobs[j.id] = j
        const progress = stillMoving(s.uploads.progress, jobs)
        const order = list.map((j) => j.id)
        return { uploads: { ...s.uploads, loaded: true, complete: whole, jobs, order, progress } }
      }),
    uploadsChanged: (change) => {
      // A batch started elsewhere (`spool upload`, a manifest) shows its name once main has told us.
      const known = get().uploads.batches
      if (change.upserted.some((j) => j.batchId !== null && !(j.batchId in known))) fetchBatches()
      recorded?.push(change)
      applyChange(change)
    },
    uploadProgressReceived: (samples) =>
      set((s) => {
        const progress: Record<string, UploadProgress> = { ...s.uploads.progress }
        for (const p of samples) if (p.id in s.uploads.jobs) progress[p.id] = p
        return { uploads: { ...s.uploads, progress } }
      }),
    batchesLoaded: (list) =>
      set((s) => {
        const batches: Record<string, Batch> = { ...s.uploads.batches }
        for (const b of list) batches[b.id] = b
        return { uploads: { ...s.uploads, batches } }
      }),
    batchToggled: (key) =>
      set((s) => {
        const collapsed: Record<string, boolean> = { ...s.uploads.collapsed }
        if (collapsed[key]) delete collapsed[key]
        else collapsed[key] = true
        return { uploads: { ...s.uploads, collapsed } }
      }),
    uploadsOpened: async () => {
      // The newest jobs first: the first screen paints them before the whole queue (10,000 jobs) crosses IPC
      // and is checked, which would otherwise hold the first paint back (B6).
      const mine: UploadsChanged[] = []
      recorded = mine
      const current = (): boolean => recorded === mine
      // Sent as the page started when it could be (bridge/first-screen.ts), else now.
      const calls = takeFirstScreenCalls() ?? {
        batches: spool().uploads.batches(),
        firstJobs: spool().uploads.list(FIRST_SCREEN_JOBS),
      }
      const [[batches], [firstJobs]] = await Promise.all([
        calls.batches.then(settle),
        calls.firstJobs.then(settle),
      ])
      // A later opening (the page loaded again) has taken over.
      if (!current()) return
      // Without batch records the groups still form (by batch id) and are named after their folder.
      if (batches) get().batchesLoaded(batches)
      // Fewer than asked for: that is the whole queue.
      if (firstJobs) loadList(firstJobs, firstJobs.length < FIRST_SCREEN_JOBS)
      // The window's first render waits for this: its first frame holds these rows (bridge/first-screen.ts).
      firstScreenLoaded()
      if (firstJobs && firstJobs.length > 0) await firstRowsShown()
      if (!current()) return
      const [list, error] = settle(await spool().uploads.list())
      if (!current()) return
      if (list) loadList(list, true)
      recorded = null
      if (error) get().errorShown(error)
    },
    filesDropped: async (files) => {
      const { batch, force } = get().uploads
      report(await spool().uploads.enqueueFiles(files, batch, { force }))
    },
    addRequested: async (kind) => {
      const { batch, force } = get().uploads
      report(await spool().uploads.pickAndEnqueue(kind, batch, force))
    },
    pauseRequested: (jobs) => act(spool().uploads.pause(jobs)),
    resumeRequested: (jobs) => act(spool().uploads.resume(jobs)),
    cancelRequested: (jobs) => act(spool().uploads.cancel(jobs)),
    retryRequested: (jobs) => act(spool().uploads.retry(jobs)),
    clearDoneRequested: () => act(spool().uploads.clearDone()),
    relocateRequested: async () => {
      const [value, error] = settle(await spool().uploads.pickAndRelocate())
      if (error) return get().errorShown(error)
      if (!value) return
      const missing = value.notFound.length > 0 ? `; ${value.notFound.length} not in that folder` : ''
      get().noticeShown(
        value.moved.length === 0 ? 'error' : 'info',
        value.moved.length === 0
          ? 'None of the missing files is in that folder (Spool compares their content).'
          : `${value.moved.length} moved file(s) found there; their uploads continue${missing}.`,
      )
    },
    batchSettingsEdited: (batch) => set((s) => ({ uploads: { ...s.uploads, batch } })),
    forceEdited: (force) => set((s) => ({ uploads: { ...s.uploads, force } })),
  }
}
