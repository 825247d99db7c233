import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { WritableDb } from '../db/database.ts'
import { claimCandidates, setLease, type JobRecord } from './repository.ts'

export { releaseAll, releaseLease, renewLeases } from './repository.ts'

/**
 * Per-job leases (security-reliability.md F22): a runner claims a job by writing its owner id and an expiry
 * in the same IMMEDIATE transaction that selects it, and renews the lease while it works. A lease whose
 * process is gone (kill -9 on this host) is free at once; one from another host only when it expires.
 * Two processes (the app and the CLI) can therefore share one queue without ever running the same job.
 */
export type LeaseOwner = string

/** A fresh owner id: host, pid and a random tail (pids are reused). */
export function newLeaseOwner(): LeaseOwner {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
}

/** Whether the process behind `owner` may still be alive (false only when we are sure it is not). */
export function ownerAlive(owner: string): boolean {
  const [host, pidText] = owner.split(':')
  if (host !== hostname()) return true
  const pid = Number(pidText)
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return owner.length > 0
  try {
    process.kill(pid, 0)
    return true
  } catch (caught) {
    return (caught as { code?: string }).code === 'EPERM'
  }
}

export type ClaimOptions = Readonly<{
  owner: LeaseOwner
  now: number
  leaseMs: number
  /** Only these job ids (null = any). */
  scope: ReadonlyArray<string> | null
  /** Whether jobs waiting for the network may be claimed (false while the OS says offline). */
  includeWaiting: boolean
  /** Ids this process already runs (never claimed twice). */
  running: ReadonlySet<string>
  /** 'upload' claims jobs that move bytes; 'poll' claims jobs in processing (they do not use a slot). */
  kind: 'upload' | 'poll'
}>

/**
 * Claims the next job to run (the repository orders the candidates: jobs interrupted mid-flight first, then
 * the oldest queued). Returns the claimed job or null.
 */
export function claimNext(db: WritableDb, options: ClaimOptions): JobRecord | null {
  const { owner, now, leaseMs } = options
  return db
    .transaction((): JobRecord | null => {
      const free = claimCandidates(db, options).find(
        (j) =>
          !options.running.has(j.id) &&
          (j.leaseOwner === null ||
            j.leaseUntil < now ||
            j.leaseOwner === owner ||
            !ownerAlive(j.leaseOwner)),
      )
      if (!free) return null
      setLease(db, free.id, owner, now + leaseMs)
      return { ...free, leaseOwner: owner, leaseUntil: now + leaseMs }
    })
    .immediate()
}

/** Whether a live runner (another process, or this one) currently holds `job`. */
export function isLeased(job: JobRecord, now: number): boolean {
  return job.leaseOwner !== null && job.leaseUntil >= now && ownerAlive(job.leaseOwner)
}
