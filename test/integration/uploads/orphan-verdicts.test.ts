import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import type { UploadPort } from '../../../main/providers/provider.ts'
import { sweepOrphans } from '../../../main/uploads/orphan-sweep.ts'
import { getJob, patchAny, setLease } from '../../../main/uploads/repository.ts'
import { createSessionVault } from '../../../main/uploads/session-vault.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'
import { sandboxPort, startRig, writeMp4, type Rig } from './harness.ts'

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const SETTINGS = { accessPolicy: 'public', metadata: {} } as const

async function unused(r: Rig): Promise<string[]> {
  const auth = 'Basic ' + Buffer.from(`${r.sb.username}:${r.sb.password}`).toString('base64')
  const res = await fetch(`${r.sb.apiUrl}/on-demand/uploads?limit=50&offset=1`, {
    headers: { authorization: auth },
  })
  return ((await res.json()) as { data: Array<{ uploadId: string }> }).data.map((u) => u.uploadId)
}

/** A rig (one file at a time) whose folder f/ holds these files (name → KiB), all queued. */
async function queuedRig(files: Record<string, number>, options: Parameters<typeof startRig>[0] = {}) {
  rig = await startRig({ concurrency: 1, ...options })
  const folder = join(rig.dir, 'f')
  mkdirSync(folder)
  for (const [name, kib] of Object.entries(files)) writeMp4(join(folder, name), kib * 1024)
  await rig.service.enqueue([folder], { account: 'sandbox', settings: SETTINGS })
  return { r: rig, folder }
}

/** What a claim commits before its create goes out (queue.ts), for a create made here by hand. */
function createWentOut(r: Rig, id: string): void {
  const job = getJob(r.db, id)!
  patchAny(r.db, id, { createsSent: Math.max(job.createsSent, job.sessionsCreated) + 1 }, Date.now())
}

// The three verdicts of the orphan sweep a queue runs when it starts (orphan-sweep.ts): an unused upload
// made for a job that holds none is adopted (no second create); one made for a job that already has its
// upload is cancelled; one carrying an id this home does not know is left alone (another machine's, or not
// Spool's at all).
test('the orphan sweep adopts, cancels and leaves alone', async () => {
  const { r } = await queuedRig({ 'a.mp4': 300 })
  const [job] = r.service.list()
  const port = sandboxPort(r.sb)
  // The process that claimed the job died after the server made its upload, before the answer was kept.
  createWentOut(r, job!.id)
  const lost = await port.createUpload({ settings: SETTINGS, clientJobId: job!.id })
  const foreign = await port.createUpload({ settings: SETTINGS, clientJobId: randomUUID() })

  r.service.start()
  await r.service.waitForIdle()
  const [done] = r.service.list()
  expect(done!.state, JSON.stringify(done!.error)).toBe('done')
  expect(done!.uploadId).toBe(lost.uploadId) // adopted, not created again
  expect(await unused(r)).toEqual([foreign.uploadId])

  // A second lost create for the same job, found when a queue starts again: the job has its upload.
  await r.service.stop()
  createWentOut(r, job!.id)
  const extra = await port.createUpload({ settings: SETTINGS, clientJobId: job!.id })
  r.service.start()
  await r.service.waitForIdle()
  await r.service.runCleanups()
  expect(await unused(r)).toEqual([foreign.uploadId])
  expect(r.service.list()[0]!.uploadId).toBe(lost.uploadId)
  expect(extra.uploadId).not.toBe(lost.uploadId)
})

// Only a job that may have lost a create answer makes a starting queue list unused uploads: one whose
// creates were all answered (the usual start) lists nothing and waits for nothing.
test('a queue lists unused uploads at start only when a create answer may have been lost', async () => {
  let listings = 0
  const sandbox: { port?: UploadPort } = {} // made on first use, once the rig's sandbox runs
  const counting = (): UploadPort => {
    const port = (sandbox.port ??= sandboxPort(rig!.sb))
    return {
      ...port,
      unusedUploads: (signal) => {
        listings++
        return port.unusedUploads!(signal)
      },
    }
  }
  const { r, folder } = await queuedRig(
    { 'a.mp4': 300, 'b.mp4': 200 },
    { service: { uploadPortFor: () => Promise.resolve(counting()) } },
  )
  const inner = sandbox.port!
  r.service.start()
  await r.service.waitForIdle()
  expect(r.service.list().map((j) => j.state)).toEqual(['done', 'done'])
  expect(listings).toBe(0)
  /** Every job's creates sent and answered are equal (one each); a restart then lists nothing more. */
  const settledThenRestart = async (jobs: number, listed: number): Promise<void> => {
    const counts = r.service.list().map((j) => getJob(r.db, j.id)!)
    expect(counts.map((j) => [j.createsSent, j.sessionsCreated])).toEqual(Array(jobs).fill([1, 1]))
    await r.service.stop()
    r.service.start()
    await r.service.waitForIdle()
    expect(listings).toBe(listed)
  }
  await settledThenRestart(2, 0)

  // A job whose create went out and whose answer was lost: the next start lists once, adopts, settles.
  await r.service.stop()
  writeMp4(join(folder, 'c.mp4'), 100 * 1024)
  await r.service.enqueue([join(folder, 'c.mp4')], { account: 'sandbox', settings: SETTINGS })
  const c = r.service.list().find((j) => j.name === 'c.mp4')!
  createWentOut(r, c.id)
  const lost = await inner.createUpload({ settings: SETTINGS, clientJobId: c.id })
  r.service.start()
  await r.service.waitForIdle()
  expect(listings).toBe(1)
  expect(getJob(r.db, c.id)!.uploadId).toBe(lost.uploadId)
  await settledThenRestart(3, 1)
})

// The sweep settles only what it saw whole: a job another live process holds may be committing its create
// now, and a job claimed while the listing was on its way may have a create out that the listing missed.
test('a job held by a live process, or claimed while the sweep lists, stays unsure', async () => {
  const { r } = await queuedRig({ 'held.mp4': 100, 'raced.mp4': 100 })
  const job = (name: string) => r.service.list().find((j) => j.name === name)!
  const [held, raced] = [job('held.mp4'), job('raced.mp4')]
  const port = sandboxPort(r.sb)
  createWentOut(r, held.id)
  createWentOut(r, raced.id)
  const heldUpload = await port.createUpload({ settings: SETTINGS, clientJobId: held.id })
  // Another process of this host, alive, holds `held` (an owner id with this live pid).
  setLease(r.db, held.id, `${hostname()}:${process.pid}:another`, Date.now() + 60_000)
  const listing: UploadPort = {
    ...port,
    unusedUploads: async (signal) => {
      const listed = await port.unusedUploads!(signal)
      createWentOut(r, raced.id) // claimed elsewhere while the answer was on its way
      return listed
    },
  }
  const swept = await sweepOrphans({
    db: r.db,
    vault: createSessionVault(new InMemorySecretStore()),
    portFor: () => Promise.resolve(listing),
    now: () => Date.now(),
  })
  expect(swept).toEqual({ adopted: 0, cancelled: 0 })
  expect(getJob(r.db, held.id)!.uploadId).toBeNull() // not adopted from under its holder
  expect(await unused(r)).toContain(heldUpload.uploadId)
  for (const { id } of [held, raced]) {
    const row = getJob(r.db, id)!
    expect(row.createsSent, row.name).toBeGreaterThan(row.sessionsCreated)
  }
})
