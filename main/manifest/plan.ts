import { statSync } from 'node:fs'
import type {
  ManifestPlan,
  ManifestRow,
  PlanDuplicate,
  PlanQuota,
  PlanRow,
} from '../../common/domain/manifest.ts'
import { splitList } from '../../common/domain/manifest.ts'
import type { Destination } from '../accounts/destination.ts'
import type { ReadableDb, WritableDb } from '../db/database.ts'
import { findByFingerprint } from '../uploads/repository.ts'
import { findDuplicates } from '../uploads/duplicates.ts'
import { titleOf } from '../uploads/duplicate-sort.ts'
import { scanPaths } from '../uploads/scanner.ts'
import { createLogger } from '../logging/log.ts'
import { destinationFacts } from './destination-facts.ts'
import { resolveManifest, type ResolvedManifest, type RowJob } from './resolve.ts'

const log = createLogger('manifest')

/** Rows with the line each is on (a CSV's, or as if written: the header is line 1). */
export type NumberedRows = ReadonlyArray<Readonly<{ line: number; row: ManifestRow }>>

export type PlanInput = Readonly<{
  rows: NumberedRows
  /** The folder relative paths in the rows start from (the manifest's folder). */
  base: string
  /** Where a row without a destination goes. */
  defaultDestinations: ReadonlyArray<string>
  open: (name: string) => Promise<Destination>
  db: WritableDb
  skipped?: ManifestPlan['skipped']
  unpairedSidecars?: ManifestPlan['unpairedSidecars']
}>

/** A plan and the jobs it stands for (what `start` queues once no row has a problem). */
export type BuiltPlan = Readonly<{
  plan: ManifestPlan
  resolved: ResolvedManifest
  /** Lines whose only problems are a destination refusing the file: the rest of the batch may still go. */
  refusedLines: ReadonlySet<number>
}>

/** Rows made in the app or from a scan, numbered as `formatManifest` would write them. */
export const numbered = (rows: ReadonlyArray<ManifestRow>): NumberedRows =>
  rows.map((row, i) => ({ line: i + 2, row }))

const sizeOf = (path: string): number | null => {
  try {
    return statSync(path).size
  } catch {
    return null
  }
}

/**
 * What a batch would do, sending nothing (issue 15 §4): every row checked (its problems by line), each
 * destination's notes, duplicates of files already queued or uploaded to a destination (with where the
 * existing copy is), and each destination's verdict on the whole batch where it can tell (PeerTube's quota
 * and accepted file types; FastPix has no such check).
 */
export async function buildPlan(input: PlanInput): Promise<BuiltPlan> {
  const names = [...input.defaultDestinations, ...input.rows.flatMap(({ row }) => splitList(row.destination))]
  const facts = await destinationFacts(input.db, names, input.open)
  const resolved = resolveManifest(
    input.rows,
    input.base,
    input.defaultDestinations,
    (n) => facts.get(n) ?? null,
  )
  const problems = new Map<number, string[]>()
  const add = (line: number, message: string): void =>
    void (problems.get(line) ?? problems.set(line, []).get(line)!).push(message)
  for (const p of resolved.problems) add(p.line, p.message)
  const refused = new Set<number>()
  const quota = await checkDestinations(resolved.jobs, input.open, (line, message) => {
    if (!problems.has(line)) refused.add(line)
    add(line, message)
  })
  const byRow = new Map<number, RowJob[]>()
  for (const j of resolved.jobs) (byRow.get(j.row) ?? byRow.set(j.row, []).get(j.row)!).push(j)
  const sameContent = await contentCopies(input, resolved.jobs)

  const rows: PlanRow[] = input.rows.map(({ line, row }, index) => {
    const jobs = byRow.get(index) ?? []
    const path = jobs[0]?.path
    const size = path === undefined ? null : sizeOf(path)
    const duplicates: PlanDuplicate[] = []
    if (path !== undefined)
      for (const j of jobs) {
        const existing = existingCopy(input.db, j, path) ?? sameContent.get(`${j.destination}\n${path}`)
        if (existing) duplicates.push({ destination: j.destination, existing })
      }
    return {
      row,
      line,
      size,
      problems: problems.get(line) ?? [],
      notes: jobs.flatMap((j) => j.notes),
      duplicates,
    }
  })
  return {
    plan: { rows, skipped: input.skipped ?? [], unpairedSidecars: input.unpairedSidecars ?? [], quota },
    resolved,
    refusedLines: refused,
  }
}

/**
 * Copies of the rows' content already at their destinations under another name, or found in a
 * destination's library (issue 13 §2), keyed `destination\npath`. Read only: nothing is queued or moved.
 */
async function contentCopies(input: PlanInput, jobs: ReadonlyArray<RowJob>): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  if (jobs.length === 0) return found
  const scan = await scanPaths([...new Set(jobs.map((j) => j.path))])
  const files = new Map(scan.files.map((f) => [f.path, f]))
  for (const destination of new Set(jobs.map((j) => j.destination))) {
    const mine = jobs.flatMap((j) => {
      const f = j.destination === destination ? files.get(j.path) : undefined
      return f ? [{ ...f, title: titleOf(j.settings, f.name) }] : []
    })
    try {
      const copies = await findDuplicates(
        { db: input.db, account: destination, now: Date.now(), providerFor: async (n) => (await input.open(n)).provider },
        mine,
      ) // prettier-ignore
      for (const [path, d] of copies) {
        if (d.match === 'moved') continue
        const title = d.copy.title ? ` ${JSON.stringify(d.copy.title)}` : ''
        const how = d.match === 'library' ? 'found in its library' : 'the same content under another name'
        found.set(
          `${destination}\n${path}`,
          `already on "${destination}"${title}${d.copy.mediaId ? ` as media ${d.copy.mediaId}` : ''} (${how})`,
        )
      }
    } catch (caught) {
      log.warn('duplicates by content could not be checked for the plan', { error: caught })
    }
  }
  return found
}

/** The job that already holds this file for this destination, said the way the user finds it. */
function existingCopy(db: ReadableDb, job: RowJob, path: string): string | null {
  let s
  try {
    s = statSync(path)
  } catch {
    return null
  }
  const found = findByFingerprint(db, job.destination, path, s.size, s.mtimeMs)
  // A failed job is sent again, not a duplicate.
  if (!found || found.state === 'failed') return null
  return found.mediaId
    ? `${found.state} as media ${found.mediaId} on "${job.destination}" (job ${found.id})`
    : `${found.state} in the queue (job ${found.id})`
}

/**
 * Asks each destination that can tell (PeerTube's pre-flight) whether it takes the batch: files it refuses
 * become problems of their rows; a batch over its quota is the destination's verdict. A destination that
 * cannot be asked now is reported as unchecked, not as refused.
 */
async function checkDestinations(
  jobs: ReadonlyArray<RowJob>,
  open: (name: string) => Promise<Destination>,
  add: (line: number, message: string) => void,
): Promise<PlanQuota[]> {
  const quota: PlanQuota[] = []
  const byDestination = new Map<string, RowJob[]>()
  for (const j of jobs)
    (byDestination.get(j.destination) ?? byDestination.set(j.destination, []).get(j.destination)!).push(j)
  for (const [name, list] of byDestination) {
    let port
    try {
      port = (await open(name)).provider.uploads
    } catch {
      continue // an unknown account is already a row problem
    }
    if (!port.preflight) {
      quota.push({
        destination: name,
        ok: true,
        message: 'no quota to check (FastPix takes the files as they come)',
      })
      continue
    }
    const files = list.map((j) => {
      const s = statSync(j.path, { throwIfNoEntry: false })
      return {
        name: j.path.split(/[\\/]/).pop() ?? j.path,
        size: s?.size ?? 0,
        mtimeMs: s?.mtimeMs ?? 0,
        job: j,
      }
    })
    try {
      const report = await port.preflight(files, list[0]!.settings, AbortSignal.timeout(30_000))
      const refused = new Map(report.refused.map((r) => [r.name, r.reason.message]))
      for (const f of files) {
        const why = refused.get(f.name)
        if (why) add(f.job.line, `"${name}" refuses this file: ${why}`)
      }
      const total = files.reduce((n, f) => n + f.size, 0)
      quota.push(
        report.batchError
          ? { destination: name, ok: false, message: report.batchError.message }
          : {
              destination: name,
              ok: true,
              message: `${files.length} file(s), ${(total / 1048576).toFixed(1)} MiB: within the quota`,
            },
      )
    } catch (caught) {
      log.warn('the pre-flight check could not run', { error: caught })
      quota.push({
        destination: name,
        ok: true,
        message: 'not checked now (the instance could not be asked)',
      })
    }
  }
  return quota
}
