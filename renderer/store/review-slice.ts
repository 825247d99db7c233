import type {
  BatchDefaults,
  ManifestPlan,
  ManifestRow,
  PlanRow,
  RowProblem,
  SettingColumn,
} from '../../common/domain/manifest.ts'
import { METADATA_PREFIX } from '../../common/domain/manifest.ts'
import type { AccountName } from '../../common/domain/ids.ts'
import type { DroppedFile } from '../../common/ipc/api.ts'
import type { PickKind } from '../../common/ipc/channels.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import { leave } from './app-slice.ts'
import { selectCurrentAccount } from './selectors.ts'
import type { SliceCreator } from './types.ts'

/** What checking a row found, kept beside the row while its cells are edited. */
export type RowCheck = Omit<PlanRow, 'row'>

export type ReviewState = Readonly<{
  /** closed: no review; planning: main is scanning what was dropped; ready: the table; starting: queuing. */
  phase: 'closed' | 'planning' | 'ready' | 'starting'
  rows: ReadonlyArray<ManifestRow>
  checks: ReadonlyArray<RowCheck>
  skipped: ManifestPlan['skipped']
  unpairedSidecars: ManifestPlan['unpairedSidecars']
  quota: ManifestPlan['quota']
  /** The manifest the rows came from (results are written back to it), or null for a drop. */
  manifest: Readonly<{ handle: string; name: string }> | null
  /** Why Start was refused, by row (nothing was queued). */
  problems: ReadonlyArray<RowProblem>
  /** The accounts the batch goes to. */
  accounts: ReadonlyArray<AccountName>
  error: AppError | null
}>

/** A column of the table: a setting column or `metadata.<key>`. */
export type ReviewColumn = SettingColumn | `${typeof METADATA_PREFIX}${string}`

export type ReviewSlice = {
  review: ReviewState
  /** Files or folders dropped on the app: main plans them (nothing is queued) and the table opens. */
  reviewDropped: (files: ReadonlyArray<DroppedFile>) => Promise<void>
  /**
   * Main's Add files…/Add folder… dialog, then the plan of what was picked in the table (the keyboard's drop).
   * With a dropped batch already in the table, the picked files join it; otherwise they open a new one.
   */
  reviewPickRequested: (kind: PickKind) => Promise<void>
  reviewCellEdited: (index: number, column: ReviewColumn, value: string) => void
  reviewRowRemoved: (index: number) => void
  reviewImportRequested: () => Promise<void>
  reviewExportRequested: () => Promise<void>
  /** Queues the rows as they are now; nothing was uploaded before this. */
  reviewStartRequested: () => Promise<void>
  reviewClosed: () => void
}

const CLOSED: ReviewState = {
  phase: 'closed',
  rows: [],
  checks: [],
  skipped: [],
  unpairedSidecars: [],
  quota: [],
  manifest: null,
  problems: [],
  accounts: [],
  error: null,
}

/** Per destination, the verdict that refuses (the newer one when both do): Start checks the whole batch again. */
function mergeQuota(before: ManifestPlan['quota'], after: ManifestPlan['quota']): ManifestPlan['quota'] {
  const byDestination = new Map(before.map((q) => [q.destination, q]))
  for (const q of after)
    if (!q.ok || byDestination.get(q.destination)?.ok !== false) byDestination.set(q.destination, q)
  return [...byDestination.values()]
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** The review table before a batch starts (issue 15 §4): a plan from main, edited here, started by the user. */
export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  const patch = (p: Partial<ReviewState>): void => set((s) => ({ review: { ...s.review, ...p } }))
  /** The batch settings of the Uploads page, as the plan's defaults (a row's own cell wins over them). */
  const defaults = () => {
    const b = get().uploads.batch
    return {
      ...(b.title ? { title: b.title } : {}),
      ...(b.description ? { description: b.description } : {}),
      ...(b.tags && b.tags.length > 0 ? { tags: [...b.tags] } : {}),
      privacy: b.privacy ?? b.accessPolicy,
      ...(b.channel ? { channel: b.channel } : {}),
      ...(Object.keys(b.metadata).length > 0 ? { metadata: { ...b.metadata } } : {}),
    } satisfies BatchDefaults
  }
  const opened = (
    plan: ManifestPlan,
    accounts: ReadonlyArray<AccountName>,
    manifest: ReviewState['manifest'],
  ) =>
    set((s) => ({
      review: {
        ...CLOSED,
        phase: 'ready',
        rows: plan.rows.map((r) => r.row),
        checks: plan.rows.map(({ row: _row, ...check }) => check),
        skipped: plan.skipped,
        unpairedSidecars: plan.unpairedSidecars,
        quota: plan.quota,
        manifest,
        accounts,
      },
      app: leave(s.app, 'review'),
    }))
  /** A plan picked into an open table joins it; a file already in the table stays as it was edited. */
  const joined = (plan: ManifestPlan) =>
    set((s) => {
      const inTable = new Set(s.review.rows.map((r) => r.path))
      const fresh = plan.rows.filter((r) => !inTable.has(r.row.path))
      return {
        review: {
          ...s.review,
          rows: [...s.review.rows, ...fresh.map((r) => r.row)],
          checks: [...s.review.checks, ...fresh.map(({ row: _row, ...check }) => check)],
          skipped: [...s.review.skipped, ...plan.skipped],
          unpairedSidecars: [...s.review.unpairedSidecars, ...plan.unpairedSidecars],
          quota: mergeQuota(s.review.quota, plan.quota),
        },
      }
    })
  const accounts = async (): Promise<AccountName[]> => {
    // A drop right after start-up may come before the account list: wait for it rather than refuse.
    if (!get().accounts.loaded) await get().accountsOpened()
    const account = selectCurrentAccount(get())
    return account ? [account.name] : []
  }
  return {
    review: CLOSED,
    reviewDropped: async (files) => {
      const to = await accounts()
      if (to.length === 0) return get().noticeShown('error', 'Add an account before adding files.')
      set((s) => ({ review: { ...CLOSED, phase: 'planning', accounts: to }, app: leave(s.app, 'review') }))
      const [plan, error] = settle(
        await spool().review.planDropped(files, { accounts: to, defaults: defaults() }),
      )
      if (error) {
        set((s) => ({ review: CLOSED, app: leave(s.app, 'uploads') }))
        return get().errorShown(error)
      }
      opened(plan, to, null)
    },
    reviewPickRequested: async (kind) => {
      const to = await accounts()
      if (to.length === 0) return get().noticeShown('error', 'Add an account before adding files.')
      const open = get().review
      const joining = open.phase === 'ready' && open.manifest === null && open.rows.length > 0
      const [plan, error] = settle(
        await spool().review.pickAndPlan(kind, joining ? open.accounts : to, defaults()),
      )
      if (error) return get().errorShown(error)
      if (!plan) return
      if (joining) joined(plan)
      else opened(plan, to, null)
    },
    reviewCellEdited: (index, column, value) =>
      set((s) => {
        const row = s.review.rows[index]
        if (!row) return {}
        const next: ManifestRow = column.startsWith(METADATA_PREFIX)
          ? { ...row, metadata: { ...row.metadata, [column.slice(METADATA_PREFIX.length)]: value } }
          : { ...row, [column]: value }
        const rows = s.review.rows.map((r, i) => (i === index ? next : r))
        // A problem Start reported for this row may be what the user is fixing: it goes until the next Start.
        const problems = s.review.problems.filter((p) => p.row !== index)
        return { review: { ...s.review, rows, problems } }
      }),
    reviewRowRemoved: (index) =>
      set((s) => ({
        review: {
          ...s.review,
          rows: s.review.rows.filter((_, i) => i !== index),
          checks: s.review.checks.filter((_, i) => i !== index),
          problems: s.review.problems
            .filter((p) => p.row !== index)
            .map((p) => (p.row > index ? { ...p, row: p.row - 1 } : p)),
        },
      })),
    reviewImportRequested: async () => {
      const to = await accounts()
      if (to.length === 0) return get().noticeShown('error', 'Add an account before opening a manifest.')
      const [imported, error] = settle(await spool().review.importManifest(to))
      if (error) return get().errorShown(error)
      if (!imported) return
      opened(imported.plan, to, { handle: imported.handle, name: imported.name })
    },
    reviewExportRequested: async () => {
      const [saved, error] = settle(await spool().review.exportManifest(get().review.rows))
      if (error) return get().errorShown(error)
      if (saved) get().noticeShown('info', `Saved ${saved.name}.`)
    },
    reviewStartRequested: async () => {
      const r = get().review
      if (r.rows.length === 0) return
      patch({ phase: 'starting', problems: [] })
      const [report, error] = settle(
        await spool().review.start(r.rows, r.accounts, r.manifest?.handle ?? null, get().uploads.force),
      )
      if (error) {
        patch({ phase: 'ready' })
        return get().errorShown(error)
      }
      if (report.problems.length > 0) {
        patch({ phase: 'ready', problems: report.problems })
        return get().noticeShown(
          'error',
          `Nothing was queued: ${plural(report.problems.length, 'row needs', 'rows need')} a change.`,
        )
      }
      set((s) => ({ review: CLOSED, app: leave(s.app, 'uploads') }))
      const parts = [`${plural(report.queued, 'file', 'files')} queued`]
      if (report.duplicates > 0) parts.push(`${report.duplicates} already uploaded or queued`)
      if (report.skipped.length > 0) parts.push(`${report.skipped.length} skipped`)
      get().noticeShown('info', parts.join(', ') + '.')
      void get().uploadsOpened()
    },
    reviewClosed: () => set((s) => ({ review: CLOSED, app: leave(s.app, 'uploads') })),
  }
}
