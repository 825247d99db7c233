import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import type { UploadPort } from '../../../main/providers/provider.ts'
import { getJob, patchAny } from '../../../main/uploads/repository.ts'
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
  rig = await startRig({ concurrency: 1 })
  const r = rig
  const folder = join(r.dir, 'f')
  mkdirSync(folder)
  writeMp4(join(folder, 'a.mp4'), 300 * 1024)
  await r.service.enqueue([folder], { account: 'sandbox', settings: SETTINGS })
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
  const sandbox: { port?: UploadPort } = {} // known once the rig's sandbox runs
  const counting = (): UploadPort => ({
    ...sandbox.port!,
    unusedUploads: (signal) => {
      listings++
      return sandbox.port!.unusedUploads!(signal)
    },
  })
  rig = await startRig({ concurrency: 1, service: { uploadPortFor: () => Promise.resolve(counting()) } })
  const r = rig
  const inner = (sandbox.port = sandboxPort(r.sb))
  const folder = join(r.dir, 'f')
  mkdirSync(folder)
  writeMp4(join(folder, 'a.mp4'), 300 * 1024)
  writeMp4(join(folder, 'b.mp4'), 200 * 1024)
  await r.service.enqueue([folder], { account: 'sandbox', settings: SETTINGS })
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
