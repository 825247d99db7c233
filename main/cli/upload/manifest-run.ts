import { basename, dirname, resolve } from 'node:path'
import { hasMediaExtension } from '../../uploads/logic/media-sniff.ts'
import type { BatchDefaults, ManifestPlan, ManifestRow } from '../../../common/domain/manifest.ts'
import type { CliContext } from '../context.ts'
import { CliExit, EXIT } from '../context.ts'
import { readManifestFile } from '../../manifest/manifest-file.ts'
import { applyDefaults } from '../../manifest/defaults.ts'
import { buildPlan, type NumberedRows } from '../../manifest/plan.ts'
import { rowsFromScan } from '../../manifest/rows-from-scan.ts'
import { manifestLabel, queueRows } from '../../manifest/enqueue-rows.ts'
import { markDuplicates, tryWriteResults } from '../../manifest/write-back.ts'
import { printDuplicates, stillRunning } from './duplicate-lines.ts'
import { redact } from '../../logging/redact.ts'
import { openUploadCli } from './support.ts'
import { cliService, runMode, runUntilIdle } from './run.ts'
import { printPlan } from './plan-lines.ts'

export type ManifestRunOptions = Readonly<{
  manifest?: string
  accounts: ReadonlyArray<string>
  defaults: BatchDefaults
  dryRun: boolean
  json: boolean
  noWait: boolean
  force: boolean
  concurrency: number
  chunkSizeMiB: number | null
}>

/** A row the manifest says is already uploaded (a later run of the same manifest leaves it alone). */
const alreadyDone = (row: ManifestRow): boolean => row.status.trim() === 'done' && row.media_id.trim() !== ''

/**
 * `spool upload --manifest FILE.csv`, `--dry-run`, and uploads to several accounts or with per-file
 * templates (issue 15): the rows (a manifest's, or made from a scan of the paths) are checked and planned;
 * a dry run prints the plan and stops; otherwise the rows are queued as one batch and run, and the results
 * are written back into the manifest as each job finishes.
 */
export async function runManifestUpload(
  ctx: CliContext,
  paths: ReadonlyArray<string>,
  o: ManifestRunOptions,
): Promise<void> {
  const env = openUploadCli(ctx, { keychainFirst: true })
  const mode = runMode(ctx, o.json)
  try {
    await env.requireKeychain()
    const destinations = o.accounts.length > 0 ? o.accounts : [(await env.destinationFor()).account.name]
    for (const name of destinations) await env.destinationFor(name) // an unknown --account is a usage error
    const manifestPath = o.manifest === undefined ? '' : resolve(o.manifest)
    let rows: NumberedRows
    let base: string
    let extra: Pick<ManifestPlan, 'skipped' | 'unpairedSidecars'> = { skipped: [], unpairedSidecars: [] }
    // Files the scan refused although they look like media (unreadable, empty, not what their name says):
    // these make the run's exit 1. Other files in the folders (notes, sidecars) are only listed.
    let refusedFiles = 0
    if (manifestPath !== '') {
      const table = readManifestFile(manifestPath)
      base = dirname(manifestPath)
      rows = applyDefaults(table.rows, o.defaults, base)
    } else {
      base = process.cwd()
      const scanned = await rowsFromScan(paths, destinations, o.defaults, null)
      rows = scanned.rows.map((row, i) => ({ line: i + 2, row }))
      refusedFiles = scanned.skipped.filter((s) => hasMediaExtension(basename(s.path))).length
      extra = {
        skipped: scanned.skipped.map((s) => ({ path: s.path, reason: redact(s.reason.message) })),
        unpairedSidecars: scanned.unpairedSidecars.map((s) => s.path),
      }
    }
    const done = rows.filter(({ row }) => alreadyDone(row))
    const todo = rows.filter(({ row }) => !alreadyDone(row))
    const { plan, resolved, refusedLines } = await buildPlan({
      rows: todo,
      base,
      defaultDestinations: destinations,
      open: (name) => env.destinationFor(name),
      db: env.db,
      ...extra,
    })
    printPlan(ctx, mode, plan, done.length, o.dryRun)
    const problems = plan.rows.filter((r) => r.problems.length > 0 && !refusedLines.has(r.line))
    if (problems.length > 0)
      throw new CliExit(
        EXIT.usage,
        `spool upload: nothing was sent — ${problems.length} row(s) of the manifest need fixing (lines ${problems.map((r) => r.line).join(', ')}).`,
      )
    const overQuota = plan.quota.filter((q) => !q.ok)
    if (o.dryRun) {
      const refused = refusedLines.size + refusedFiles + overQuota.length
      if (refused > 0) throw new CliExit(EXIT.failed)
      return
    }
    if (overQuota.length > 0)
      throw new CliExit(
        EXIT.failed,
        `spool upload: nothing was sent — ${overQuota.map((q) => `"${q.destination}": ${q.message}`).join('; ')}`,
      )
    const jobs = resolved.jobs.filter((j) => !refusedLines.has(j.line))
    const queued = await queueRows(env.db, {
      jobs,
      rows: todo.map((r) => r.row),
      manifestPath,
      origin: manifestPath === '' ? 'cli' : 'manifest',
      label: manifestPath === '' ? manifestLabel('', jobs.length) : manifestLabel(manifestPath, todo.length),
      noWait: o.noWait,
      force: o.force,
      now: Date.now(),
      providerFor: async (account) => (await env.destinationFor(account)).provider,
    })
    const writeNow = (): void => {
      const why = manifestPath === '' ? null : tryWriteResults(env.db, manifestPath)
      if (why) ctx.stderr.write(`spool upload: ${why}\n`)
    }
    writeNow()
    let scope: ReadonlyArray<string> = []
    const service = cliService(env, { concurrency: o.concurrency, chunkSizeMiB: o.chunkSizeMiB }, () => scope)
    service.retry({ ids: queued.retried as never })
    const unfinished = queued.duplicates.flatMap(({ duplicate: d }) =>
      stillRunning(d) && d.existingJobId ? [d.existingJobId] : [],
    )
    scope = [...queued.added, ...queued.retried, ...unfinished]
    const inScope = new Set(scope)
    printDuplicates(
      ctx,
      mode,
      queued.duplicates.map((d) => d.duplicate),
    )
    if (manifestPath !== '')
      try {
        markDuplicates(manifestPath, queued.duplicates, (line) => todo.find((r) => r.line === line)?.row.path)
      } catch {
        ctx.stderr.write(
          `spool upload: the duplicates could not be marked in ${manifestPath} (is it open in another program?).\n`,
        )
      }
    const writeBack = env.watchManifests(service)
    const refused = queued.skipped.length + refusedLines.size + refusedFiles
    const skipped = refused + plan.skipped.length - refusedFiles
    const status = await runUntilIdle(ctx, service, (id) => inScope.has(id), mode, skipped)
    await writeBack.settle()
    writeBack.detach()
    writeNow()
    if (status !== EXIT.ok) throw new CliExit(status)
    if (refused > 0) throw new CliExit(EXIT.failed)
  } finally {
    await env.close()
  }
}
