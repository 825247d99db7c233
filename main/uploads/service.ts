import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { WritableDb } from '../db/database.ts'
import type { SecretStore } from '../accounts/secret-store.ts'
import type { PreflightReport, Provider, UploadPort } from '../providers/provider.ts'
import type { Settings } from '../../common/domain/settings.ts'
import { basename } from 'node:path'
import type {
  Batch,
  BatchIntent,
  EnqueueReport,
  JobSelection,
  RelocationReport,
  SkippedPath,
  UploadJob,
  UploadProgress,
  UploadSettings,
} from '../../common/domain/upload.ts'
import { asAccountName, asBatchId, asJobId, type JobId } from '../../common/domain/ids.ts'
import { isTerminal } from '../../common/domain/upload-policy.ts'
import { createSessionVault } from './session-vault.ts'
import { scanPaths } from './scanner.ts'
import { sortNewFiles, withFingerprint } from './duplicate-sort.ts'
import { recordFingerprints } from './fingerprint-store.ts'
import { relocate } from './relocate.ts'
import {
  getJob,
  getJobByUploadId,
  insertBatch,
  jobsUpdatedSince,
  listBatches,
  listJobs,
  toUploadJob,
  wakeSignedIn,
  type JobRecord,
  type NewJob,
} from './repository.ts'
import { lookupUpload, type UploadLookup } from './lookup.ts'
import { newLeaseOwner } from './leases.ts'
import { createQueue } from './queue.ts'
import { DEFAULT_POLL, type PollPolicy } from './media-poller.ts'
import { createProgressHub } from './progress-hub.ts'
import { runCleanups } from './cleanups.ts'
import { cancelJobs, pauseJobs, resumeJobs, retryJobs, clearFinished } from './control.ts'
import type { Clock } from './job-runner.ts'
import { AppFailure } from '../../common/ipc/result.ts'
import { createLogger } from '../logging/log.ts'

const log = createLogger('uploads')

/** What the upload service needs (composition root passes the real ones; tests pass fakes). */
export type UploadServiceDeps = Readonly<{
  db: WritableDb
  secrets: SecretStore
  uploadPortFor: (accountName: string) => Promise<UploadPort>
  /** The account's destination, whose library the duplicate check consults (absent: this machine only). */
  providerFor?: (accountName: string) => Promise<Provider>
  settings: () => Settings
  clock?: Clock
  random?: () => number
  /** Control/lease tick (default 1 s): how soon another process's pause or cancel is noticed. */
  tickMs?: number
  leaseMs?: number
  maxRetries?: number
  maxSessions?: number
  poll?: PollPolicy
  progressIntervalMs?: number
  /** Restrict the runner to these jobs (null/absent = all). `spool upload` uses its own batch. */
  scope?: () => ReadonlyArray<string> | null
}>

/** Options of one enqueue call. */
export type EnqueueOptions = Readonly<{
  account: string
  settings: UploadSettings
  noWait?: boolean
  /** The batch this enqueue starts (default: a `cli` batch named after the paths). */
  batch?: BatchIntent
  /** Queue every file even when its content is already at the destination (issue 13 §2). */
  force?: boolean
}>

/** A batch's default name: the one folder or file dropped, else the first and how many more. */
export function batchLabel(paths: ReadonlyArray<string>): string {
  const first = basename(paths[0] ?? '') || (paths[0] ?? '')
  return paths.length <= 1 ? first : `${first} and ${paths.length - 1} more`
}

export type { UploadLookup } from './lookup.ts'

/** The upload engine's facade for the desktop app and the CLI. */
export type UploadService = Readonly<{
  enqueue(paths: ReadonlyArray<string>, options: EnqueueOptions): Promise<EnqueueReport>
  list(): ReadonlyArray<UploadJob>
  /** The batches that still hold a job, oldest first. */
  batches(): ReadonlyArray<Batch>
  get(id: JobId): UploadJob | null
  pause(selection: JobSelection): ReadonlyArray<UploadJob>
  resume(selection: JobSelection): ReadonlyArray<UploadJob>
  cancel(selection: JobSelection): ReadonlyArray<UploadJob>
  retry(selection: JobSelection): ReadonlyArray<UploadJob>
  /**
   * Files of unfinished jobs moved (a card mounted at another path): finds them under `to` by content and
   * continues their jobs (relocate.ts); `from` limits it to jobs whose files were there (null: every job
   * whose file is gone).
   */
  relocate(from: string | null, to: string): Promise<RelocationReport>
  /** Removes done and cancelled jobs; returns the ids it removed. */
  clearDone(): ReadonlyArray<JobId>
  /** The account was signed in again (new key, new sign-in): its jobs waiting for that continue. */
  accountSignedIn(account: string): ReadonlyArray<UploadJob>
  start(): void
  stop(): Promise<void>
  setOnline(online: boolean): void
  onChanged(cb: (job: UploadJob) => void): () => void
  onProgress(cb: (batch: ReadonlyArray<UploadProgress>) => void): () => void
  waitForIdle(): Promise<void>
  lookupJobByUploadId(uploadId: string): UploadLookup | null
  /** Resumes (or retries) the job that owns a waiting remote upload; null when no local job has it. */
  resumeByUploadId(uploadId: string): UploadJob | null
  /** Cancels abandoned remote uploads now (also done on every tick while running). */
  runCleanups(): Promise<number>
}>

/** The real clock: wall time for timestamps, abortable timers for waits. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
}

/** Builds the upload service. Nothing runs until `start()`; enqueue/list/controls work without it. */
export function createUploadService(deps: UploadServiceDeps): UploadService {
  const { db } = deps
  const clock = deps.clock ?? systemClock
  const vault = createSessionVault(deps.secrets)
  const owner = newLeaseOwner()
  const changed = new Set<(job: UploadJob) => void>()
  const hub = createProgressHub(deps.progressIntervalMs ?? 100)
  const seen = new Map<string, string>()
  const emit = (row: JobRecord): void => {
    const key = `${row.updatedAt}|${row.state}|${row.bytesAcked}|${row.error?.code ?? ''}`
    if (seen.get(row.id) === key) return
    seen.set(row.id, key)
    if (isTerminal(row.state)) hub.forget(row.id)
    const job = toUploadJob(row)
    for (const cb of changed) cb(job)
  }
  const queue = createQueue({
    db, vault, owner, clock,
    portFor: deps.uploadPortFor,
    settings: deps.settings,
    random: deps.random ?? Math.random,
    scope: deps.scope ?? (() => null),
    tickMs: deps.tickMs ?? 1000,
    leaseMs: deps.leaseMs ?? 15_000,
    maxRetries: deps.maxRetries ?? 10,
    maxSessions: deps.maxSessions ?? 4,
    poll: deps.poll ?? DEFAULT_POLL,
    onChanged: emit,
    onProgress: (id, size, acked, inFlight) => hub.report(id, size, acked, inFlight),
  }) // prettier-ignore

  // Changes made by other processes (a second `spool queue pause`) reach listeners through this watcher.
  let watcher: NodeJS.Timeout | undefined
  let watchedSince = new Date(0).toISOString()
  const watch = (): void => {
    const from = watchedSince
    watchedSince = new Date(clock.now() - 2_000).toISOString()
    if (changed.size > 0) for (const row of jobsUpdatedSince(db, from)) emit(row)
  }

  const selectIds = (selection: JobSelection): ReadonlyArray<string> =>
    'all' in selection ? listJobs(db).map((r) => r.id) : selection.ids

  const afterControl = (rows: ReadonlyArray<JobRecord>): ReadonlyArray<UploadJob> => {
    rows.forEach(emit)
    queue.kick()
    return rows.map(toUploadJob)
  }

  /**
   * Asks the destination (where it can tell) whether the new files fit before any is queued: files it will
   * not take come back as skipped, keyed by path; a batch over its quota is refused whole (thrown). A
   * destination that cannot be asked now (offline, signed out) is not asked: the runner reports then.
   */
  const preflight = async (
    files: ReadonlyArray<NewJob>,
    options: EnqueueOptions,
  ): Promise<ReadonlyMap<string, SkippedPath>> => {
    const refused = new Map<string, SkippedPath>()
    if (files.length === 0) return refused
    let report: PreflightReport
    try {
      const port = await deps.uploadPortFor(options.account)
      if (!port.preflight) return refused
      const batch = files.map((f) => ({ name: f.name, size: f.size, mtimeMs: f.mtimeMs }))
      report = await port.preflight(batch, options.settings, AbortSignal.timeout(30_000))
    } catch (caught) {
      log.warn('the pre-flight check could not run; queueing without it', { error: caught })
      return refused
    }
    const byName = new Map(report.refused.map((r) => [r.name, r.reason]))
    for (const f of files) {
      const reason = byName.get(f.name)
      if (reason) refused.set(f.path, { path: f.path, reason })
    }
    if (report.batchError) throw new AppFailure(report.batchError)
    return refused
  }

  return {
    async enqueue(paths, options) {
      const scan = await scanPaths(paths)
      const now = clock.now()
      const iso = new Date(now).toISOString()
      const batch: Batch = {
        id: asBatchId(randomUUID()),
        label: options.batch?.label ?? batchLabel(paths),
        origin: options.batch?.origin ?? 'cli',
        manifestPath: options.batch?.manifestPath ?? null,
        createdAt: iso,
      }
      const sorted = await sortNewFiles(
        {
          db,
          account: options.account,
          now,
          force: options.force ?? false,
          settings: options.settings,
          ...(deps.providerFor ? { providerFor: deps.providerFor } : {}),
        },
        scan.files,
      )
      const retried = sorted.retried
      const added: NewJob[] = sorted.fresh.map((f) => ({
        id: asJobId(randomUUID()),
        batchId: batch.id,
        account: options.account,
        path: f.path,
        name: f.name,
        relativeDir: f.relativeDir,
        size: f.size,
        mtimeMs: f.mtimeMs,
        ino: f.ino,
        dev: f.dev,
        settings: withFingerprint(options.settings, f.fingerprint),
        noWait: options.noWait ?? false,
      }))
      const fingerprints = new Map(sorted.fresh.map((f) => [f.path, f]))
      const refused = await preflight(added, options)
      const accepted = added.filter((j) => !refused.has(j.path))
      const used = accepted.length + retried.length > 0
      if (used)
        db.transaction(() => {
          insertBatch(db, batch, accepted, retried, now)
          recordFingerprints(db, accepted.map((j) => {
            const f = fingerprints.get(j.path)!
            return { jobId: j.id, account: j.account, fingerprint: f.fingerprint, path: j.path, mtimeMs: j.mtimeMs, title: f.title }
          }), now)
        }).immediate() // prettier-ignore
      const requeued = afterControl(retryJobs(db, retried, now))
      queue.kick()
      const jobs: UploadJob[] = accepted.map((j) => ({
        id: j.id, batchId: batch.id, account: asAccountName(j.account),
        path: j.path, relativeDir: j.relativeDir, name: j.name, size: j.size, state: 'queued', bytesAcked: 0,
        uploadId: null, mediaId: null, error: null, attempts: 0, settings: j.settings, createdAt: iso, updatedAt: iso,
      })) // prettier-ignore
      return {
        batch: used ? batch : null,
        added: [...jobs, ...requeued],
        skipped: [...scan.skipped, ...refused.values()],
        duplicates: sorted.duplicates,
      }
    },
    list: () => listJobs(db).map(toUploadJob),
    batches: () => listBatches(db),
    get(id) {
      const row = getJob(db, id)
      return row ? toUploadJob(row) : null
    },
    pause: (sel) => afterControl(pauseJobs(db, selectIds(sel), clock.now())),
    resume: (sel) => afterControl(resumeJobs(db, selectIds(sel), clock.now())),
    cancel: (sel) => afterControl(cancelJobs(db, selectIds(sel), clock.now())),
    retry: (sel) => afterControl(retryJobs(db, selectIds(sel), clock.now())),
    async relocate(from, to) {
      const report = await relocate(db, from, to, clock.now())
      afterControl(report.moved.map((m) => getJob(db, m.jobId)).filter((j) => j !== undefined))
      return report
    },
    clearDone: () => clearFinished(db),
    accountSignedIn: (account) =>
      afterControl(
        wakeSignedIn(db, account, clock.now())
          .map((id) => getJob(db, id))
          .filter((j) => j !== undefined),
      ),
    start() {
      queue.start()
      watcher ??= setInterval(watch, deps.tickMs ?? 1000)
    },
    async stop() {
      clearInterval(watcher)
      watcher = undefined
      await queue.stop()
    },
    setOnline: (online) => queue.setOnline(online),
    onChanged(cb) {
      changed.add(cb)
      return () => changed.delete(cb)
    },
    onProgress: (cb) => hub.subscribe(cb),
    waitForIdle: () => queue.waitForIdle(),
    lookupJobByUploadId: (uploadId) => lookupUpload(db, uploadId),
    resumeByUploadId(uploadId) {
      const row = getJobByUploadId(db, uploadId)
      if (!row) return null
      const rows =
        row.state === 'paused' ? resumeJobs(db, [row.id], clock.now()) : retryJobs(db, [row.id], clock.now())
      afterControl(rows)
      return toUploadJob(getJob(db, row.id) ?? row)
    },
    runCleanups: () => runCleanups(db, vault, deps.uploadPortFor),
  }
}
