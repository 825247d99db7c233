import type { WritableDb } from '../db/database.ts'
import type { UploadPort } from '../providers/provider.ts'
import type { Settings } from '../../common/domain/settings.ts'
import { isRunnable, SERVER_ERROR_BUDGET } from '../../common/domain/upload-policy.ts'
import {
  applyEvent,
  deferJob,
  getJob,
  listStates,
  patchAny,
  wakeWaitingJobs,
  type JobRecord,
} from './repository.ts'
import { claimNext, releaseAll, releaseLease, renewLeases } from './leases.ts'
import { applyOutcome } from './apply-outcome.ts'
import type { FinalOutcome } from './outcome.ts'
import { runCleanups } from './cleanups.ts'
import { reserveCreate, sweepOrphans } from './orphan-sweep.ts'
import { runJob, type Clock, type JobRun } from './job-runner.ts'
import { pollMedia, type PollPolicy } from './media-poller.ts'
import { chunkSizingFor } from './logic/chunk-plan.ts'
import { createThrottle } from './throttle.ts'
import { createTransferSlots } from './transfer-slots.ts'
import type { SessionVault } from './session-vault.ts'
import { createLogger } from '../logging/log.ts'

/** Everything the scheduler needs, injected (ARCHITECTURE.md §8.6). */
export type QueueDeps = Readonly<{
  db: WritableDb
  vault: SessionVault
  portFor: (account: string) => Promise<UploadPort>
  settings: () => Settings
  owner: string
  clock: Clock
  random: () => number
  /** Job ids this queue may run (null = every job). `spool upload` runs only its batch. */
  scope: () => ReadonlyArray<string> | null
  tickMs: number
  leaseMs: number
  maxRetries: number
  maxSessions: number
  /** See RunnerDeps.sessionHostAttempts (default 3). */
  sessionHostAttempts?: number
  /** See RunnerDeps.serverErrorBudget (default serverErrorBudget()). */
  serverErrorBudget?: number
  poll: PollPolicy
  onChanged: (job: JobRecord) => void
  onProgress: (id: string, size: number, bytesAcked: number, bytesInFlight: number) => void
}>

/** The running scheduler. */
export type Queue = Readonly<{
  start(): void
  stop(): Promise<void>
  kick(): void
  setOnline(online: boolean): void
  /** Resolves when no job in scope is runnable any more (all done, failed, cancelled or paused). */
  waitForIdle(): Promise<void>
}>

type Running = { controller: AbortController; done: Promise<void>; kind: 'upload' | 'poll' }

const MAX_POLLERS = 16

/**
 * The server-error budget: upload-policy's, or `SPOOL_SERVER_ERROR_BUDGET` (an advanced knob, documented in
 * the README; tests use a small one so a persistent 503 is given up in seconds).
 */
function serverErrorBudget(): number {
  const fromEnv = Number(process.env.SPOOL_SERVER_ERROR_BUDGET)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : SERVER_ERROR_BUDGET
}
const log = createLogger('uploads')

/**
 * The scheduler: N files in parallel with one chunk in flight each (transfer slots; the next N files are
 * claimed ahead and create their uploads meanwhile), a separate set of pollers for media in processing,
 * per-job leases renewed every tick, and a control path that notices other processes' pauses and cancels
 * (by re-reading its jobs' rows each tick) and aborts the matching in-flight request.
 */
export function createQueue(deps: QueueDeps): Queue {
  const { db, owner, clock } = deps
  const running = new Map<string, Running>()
  const idleWaiters: Array<() => void> = []
  let timer: NodeJS.Timeout | undefined
  let started = false
  /** False until the orphan sweep of this start has settled: nothing is claimed before (orphan-sweep.ts). */
  let swept = false
  let online = true
  let ticking = false
  let again = false
  let cleaning = false
  let renewedAt = Number.NEGATIVE_INFINITY
  const throttle = createThrottle(() => deps.settings().bandwidthCap, clock)
  const concurrency = (): number => Math.max(1, deps.settings().concurrency)
  const slots = createTransferSlots(concurrency)

  const launch = (row: JobRecord, kind: 'upload' | 'poll', port: UploadPort): void => {
    const controller = new AbortController()
    const s = deps.settings()
    const work: Promise<JobRun> =
      kind === 'poll'
        ? pollMedia({ port, clock, random: deps.random, policy: deps.poll }, row, controller.signal).then(
            (outcome) => ({ outcome, release: () => {} }),
          )
        : runJob(
            {
              db, vault: deps.vault, port, owner, clock, random: deps.random,
              chunkSizing: chunkSizingFor(s.chunkSizeMiB),
              throttle: s.bandwidthCap ? throttle : null,
              onProgress: deps.onProgress, onChanged: deps.onChanged, slots,
              maxRetries: deps.maxRetries, maxSessions: deps.maxSessions,
              sessionHostAttempts: deps.sessionHostAttempts ?? 3,
              serverErrorBudget: deps.serverErrorBudget ?? serverErrorBudget(),
            },
            row,
            controller.signal,
          ) // prettier-ignore
    const done = work
      .catch((caught: unknown): JobRun => {
        log.error('runner crashed', { jobId: row.id, error: caught })
        return { outcome: { kind: 'stopped' }, release: () => {} }
      })
      .then(({ outcome, release }) => {
        // Stopped by our own signal: offline parks the job; stop (shutdown, Ctrl-C) puts it back in the
        // queue, the server keeps its bytes. Otherwise the runner's own outcome.
        const reason: unknown = controller.signal.reason
        const final: FinalOutcome =
          outcome.kind !== 'stopped'
            ? outcome
            : reason === 'offline'
              ? { kind: 'offline', error: null }
              : reason === 'stop'
                ? { kind: 'interrupted' }
                : outcome
        try {
          const next = applyOutcome({ db, owner, now: clock.now(), random: deps.random }, row, final)
          if (next) deps.onChanged(next)
        } finally {
          release()
        }
      })
      .catch((caught: unknown) =>
        log.error('applying a job outcome failed', { jobId: row.id, error: caught }),
      )
      .finally(() => {
        releaseLease(db, owner, row.id)
        running.delete(row.id)
        kick()
      })
    running.set(row.id, { controller, done, kind })
  }

  const dispatch = async (kind: 'upload' | 'poll', limit: number): Promise<void> => {
    const count = (): number => [...running.values()].filter((r) => r.kind === kind).length
    while (started && count() < limit) {
      const options = {
        owner, now: clock.now(), leaseMs: deps.leaseMs, scope: deps.scope(), includeWaiting: online,
        running: new Set(running.keys()), kind,
      } // prettier-ignore
      // A queued job is started in the claim's own commit (one fsync, not two), which also counts the create
      // its runner may send (orphan-sweep.ts), before that create can reach the server.
      let startedNow = false
      const row = db
        .transaction((): JobRecord | null => {
          const claimed = claimNext(db, options)
          if (!claimed) return null
          const reserve = kind === 'upload' ? reserveCreate(claimed) : null
          if (claimed.state !== 'queued') {
            if (!reserve) return claimed
            patchAny(db, claimed.id, reserve, options.now)
            return { ...claimed, ...reserve }
          }
          const next = applyEvent(db, claimed.id, 'start', { owner, now: options.now, patch: reserve ?? {} })
          startedNow = next !== null
          return next ?? claimed
        })
        .immediate()
      if (!row) return
      if (startedNow) deps.onChanged(row)
      try {
        launch(row, kind, await deps.portFor(row.account))
      } catch (caught) {
        // No destination for this account (removed, keychain locked): leave it queued for later.
        log.warn('no upload port for the job account', { jobId: row.id, error: caught })
        deferJob(db, row.id, clock.now() + 30_000)
        releaseLease(db, owner, row.id)
      }
    }
  }

  /** Aborts runners whose job another actor paused, cancelled or took over. */
  const control = (): void => {
    for (const [id, r] of running) {
      const row = getJob(db, id)
      if (!row || row.leaseOwner !== owner || row.state === 'paused' || row.state === 'cancelled')
        r.controller.abort('control')
    }
  }

  const checkIdle = (): void => {
    if (idleWaiters.length === 0 || running.size > 0) return
    const scope = deps.scope()
    const rows = listStates(db)
    const inScope = scope ? new Set(scope) : null
    if (rows.some((r) => (!inScope || inScope.has(r.id)) && isRunnable(r.state))) return
    idleWaiters.splice(0).forEach((resolve) => resolve())
  }

  const tick = async (): Promise<void> => {
    if (!swept) return
    if (ticking) return void (again = true)
    ticking = true
    try {
      // A tick also follows every finished job; renewing (a commit, so an fsync) is only needed a few times
      // per lease period, not hundreds of times a minute in a batch of small files.
      if (clock.now() - renewedAt >= deps.leaseMs / 3) {
        renewLeases(db, owner, clock.now() + deps.leaseMs)
        renewedAt = clock.now()
      }
      control()
      if (!cleaning) {
        cleaning = true
        void runCleanups(db, deps.vault, deps.portFor)
          .catch((caught: unknown) => log.warn('cleanup pass failed', { error: caught }))
          .finally(() => (cleaning = false))
      }
      slots.wake()
      // Twice the slots: each slot's next file is claimed ahead and creates its remote upload while the
      // current one streams, then waits for the slot (job-runner.ts).
      if (online) await dispatch('upload', 2 * concurrency())
      await dispatch('poll', MAX_POLLERS)
      checkIdle()
    } catch (caught) {
      log.error('queue tick failed', { error: caught })
    } finally {
      ticking = false
      if (again && started) {
        again = false
        setImmediate(() => void tick())
      }
    }
  }

  const kick = (): void => {
    if (started) setImmediate(() => void tick())
    else checkIdle()
  }

  return {
    start() {
      if (started) return
      started = true
      swept = false
      timer = setInterval(() => void tick(), deps.tickMs)
      // Orphans first: a job whose create answer was lost must adopt that upload before it creates another.
      void sweepOrphans({ db, vault: deps.vault, portFor: deps.portFor, now: () => clock.now() })
        .catch((caught: unknown) => log.warn('orphan sweep failed', { error: caught }))
        .finally(() => {
          swept = true
          kick()
        })
    },
    async stop() {
      started = false
      clearInterval(timer)
      for (const r of running.values()) r.controller.abort('stop')
      await Promise.all([...running.values()].map((r) => r.done))
      releaseAll(db, owner)
    },
    kick,
    setOnline(next) {
      online = next
      if (!next) {
        for (const r of running.values()) if (r.kind === 'upload') r.controller.abort('offline')
        return
      }
      wakeWaitingJobs(db)
      kick()
    },
    waitForIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve)
        kick()
      })
    },
  }
}
