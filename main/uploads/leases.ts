import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { prepared, type WritableDb } from '../db/database.ts'
import type { JobRow } from './repository.ts'

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

const RUNNABLE = `('queued', 'waiting-for-network', 'preparing', 'uploading', 'verifying', 'processing')`

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
 * Claims the next job to run: jobs interrupted mid-flight first (they already hold a session), then the
 * oldest queued. Returns the claimed row or null.
 */
export function claimNext(db: WritableDb, options: ClaimOptions): JobRow | null {
  const { owner, now, leaseMs } = options
  return db
    .transaction((): JobRow | null => {
      const candidates = prepared(
        db,
        `SELECT * FROM upload_jobs
           WHERE state IN ${RUNNABLE} AND next_attempt_at <= ? AND (state = 'processing') = ?
             AND (? = 1 OR state != 'waiting-for-network')
             AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))
           ORDER BY CASE WHEN state IN ('queued', 'waiting-for-network') THEN 1 ELSE 0 END, created_at, rowid
           LIMIT 64`,
      )
        .all(
          now,
          options.kind === 'poll' ? 1 : 0,
          options.includeWaiting ? 1 : 0,
          options.scope ? 1 : null,
          JSON.stringify(options.scope ?? []),
        )
        .filter((r) => !options.running.has((r as JobRow).id)) as JobRow[]
      const free = candidates.find(
        (r) =>
          r.lease_owner === null ||
          r.lease_until < now ||
          r.lease_owner === owner ||
          !ownerAlive(r.lease_owner),
      )
      if (!free) return null
      prepared(db, 'UPDATE upload_jobs SET lease_owner = ?, lease_until = ? WHERE id = ?').run(
        owner,
        now + leaseMs,
        free.id,
      )
      return { ...free, lease_owner: owner, lease_until: now + leaseMs }
    })
    .immediate()
}

/** Extends every lease `owner` holds. */
export function renewLeases(db: WritableDb, owner: LeaseOwner, until: number): void {
  prepared(db, 'UPDATE upload_jobs SET lease_until = ? WHERE lease_owner = ?').run(until, owner)
}

/** Gives a job back (the runner stopped working on it). */
export function releaseLease(db: WritableDb, owner: LeaseOwner, id: string): void {
  prepared(
    db,
    'UPDATE upload_jobs SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?',
  ).run(id, owner)
}

/** Gives back every lease `owner` holds (clean shutdown). */
export function releaseAll(db: WritableDb, owner: LeaseOwner): void {
  prepared(db, 'UPDATE upload_jobs SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?').run(owner)
}

/** Whether a live runner (another process, or this one) currently holds `row`. */
export function isLeased(row: JobRow, now: number): boolean {
  return row.lease_owner !== null && row.lease_until >= now && ownerAlive(row.lease_owner)
}
