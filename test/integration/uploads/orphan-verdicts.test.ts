import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
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
  const extra = await port.createUpload({ settings: SETTINGS, clientJobId: job!.id })
  r.service.start()
  await r.service.waitForIdle()
  await r.service.runCleanups()
  expect(await unused(r)).toEqual([foreign.uploadId])
  expect(r.service.list()[0]!.uploadId).toBe(lost.uploadId)
  expect(extra.uploadId).not.toBe(lost.uploadId)
})
