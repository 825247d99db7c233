import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, resolve } from 'node:path'
import type {
  BatchDefaults,
  ImportedManifest,
  ManifestPlan,
  ManifestRow,
  StartPlanReport,
} from '../../common/domain/manifest.ts'
import { fail } from '../../common/ipc/result.ts'
import type { Destination } from '../accounts/destination.ts'
import type { WritableDb } from '../db/database.ts'
import type { PathGrants } from '../uploads/path-grants.ts'
import { formatManifest } from './csv.ts'
import { applyDefaults } from './defaults.ts'
import { manifestLabel, queueRows, rowProblems } from './enqueue-rows.ts'
import { readManifestFile } from './manifest-file.ts'
import { buildPlan, numbered, type NumberedRows } from './plan.ts'
import { rowsFromScan } from './rows-from-scan.ts'
import { parseCaptions, resolveBeside } from './sidecars.ts'
import { tryWriteResults } from './write-back.ts'

/** Main's own dialogs for a manifest file (null: the user cancelled). */
export type ManifestDialogs = Readonly<{
  openManifest(): Promise<string | null>
  saveManifest(suggestedName: string): Promise<string | null>
}>

export type ReviewServiceDeps = Readonly<{
  db: WritableDb
  grants: PathGrants
  dialogs: ManifestDialogs
  open: (name: string) => Promise<Destination>
  /** Queues again jobs of files that had failed, and wakes the queue for the new ones. */
  requeue: (ids: ReadonlyArray<string>) => void
  privacyDefault: () => string
}>

/** The review table's service (issue 15 §4): plan, start, import and export. */
export type ReviewService = Readonly<{
  plan(
    paths: ReadonlyArray<string>,
    accounts: ReadonlyArray<string>,
    defaults: BatchDefaults,
  ): Promise<ManifestPlan>
  start(
    rows: ReadonlyArray<ManifestRow>,
    accounts: ReadonlyArray<string>,
    manifest: string | null,
    /** Upload rows whose content is already at the destination anyway (the batch settings' checkbox). */
    force?: boolean,
  ): Promise<StartPlanReport>
  importManifest(accounts: ReadonlyArray<string>): Promise<ImportedManifest | null>
  exportManifest(rows: ReadonlyArray<ManifestRow>): Promise<{ name: string } | null>
}>

const rowPaths = (rows: NumberedRows, base: string): string[] =>
  rows.flatMap(({ row }) => {
    if (row.path.trim() === '') return []
    const path = isAbsolute(row.path) ? row.path : resolve(base, row.path)
    const sidecars = parseCaptions(path, row.captions, 'en').map((c) => c.path)
    return [path, ...sidecars, ...(row.thumbnail.trim() === '' ? [] : [resolveBeside(path, row.thumbnail)])]
  })

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  /** Opened manifests by handle: the renderer names a manifest by its handle, never by its path. */
  const opened = new Map<string, string>()

  const planOf = async (rows: NumberedRows, base: string, accounts: ReadonlyArray<string>, extra = {}) =>
    buildPlan({ rows, base, defaultDestinations: accounts, open: deps.open, db: deps.db, ...extra })

  return {
    async plan(paths, accounts, defaults) {
      deps.grants.assertCovered(paths)
      const privacy = defaults.privacy ?? deps.privacyDefault()
      const scanned = await rowsFromScan(paths, accounts, { ...defaults, privacy }, null)
      const built = await planOf(numbered(scanned.rows), dirname(paths[0] ?? '/'), accounts, {
        skipped: scanned.skipped.map((s) => ({ path: s.path, reason: s.reason.message })),
        unpairedSidecars: scanned.unpairedSidecars.map((s) => s.path),
      })
      return built.plan
    },

    async start(rows, accounts, manifest, force = false) {
      const manifestPath = manifest === null ? '' : opened.get(manifest)
      if (manifestPath === undefined) fail('input/invalid', 'That manifest is no longer open; open it again.')
      const base = manifestPath === '' ? '/' : dirname(manifestPath)
      const list = numbered(rows)
      // Every file a row names (video, captions, thumbnail) must be one the user chose this session.
      deps.grants.assertCovered(rowPaths(list, base))
      const { resolved, refusedLines } = await planOf(list, base, accounts)
      const lineToRow = (line: number): number => line - 2
      if (resolved.problems.length > 0)
        return { problems: rowProblems(resolved.problems, lineToRow), queued: 0, duplicates: 0, skipped: [] }
      const jobs = resolved.jobs.filter((j) => !refusedLines.has(j.line))
      const queued = await queueRows(deps.db, {
        jobs,
        rows,
        manifestPath,
        origin: manifestPath === '' ? 'drop' : 'manifest',
        label: manifestLabel(manifestPath, rows.length),
        noWait: false,
        force,
        now: Date.now(),
        providerFor: async (account) => (await deps.open(account)).provider,
      })
      deps.requeue(queued.retried)
      if (manifestPath !== '') tryWriteResults(deps.db, manifestPath)
      return {
        problems: [],
        queued: queued.added.length + queued.retried.length,
        duplicates: queued.duplicates.length,
        skipped: queued.skipped.map((s) => ({ path: s.path, reason: s.reason.message })),
      }
    },

    async importManifest(accounts) {
      const path = await deps.dialogs.openManifest()
      if (path === null) return null
      const table = readManifestFile(path)
      const base = dirname(path)
      // Opening a manifest is choosing its files (issue 14 §2).
      deps.grants.grant(rowPaths(table.rows, base))
      const handle = randomUUID()
      opened.set(handle, path)
      const built = await planOf(applyDefaults(table.rows, {}, base), base, accounts)
      return { handle, name: basename(path), plan: built.plan }
    },

    async exportManifest(rows) {
      const path = await deps.dialogs.saveManifest('manifest.csv')
      if (path === null) return null
      writeFileSync(path, formatManifest(rows))
      return { name: basename(path) }
    },
  }
}
