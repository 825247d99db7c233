import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { applyEvent } from '../../../main/uploads/repository.ts'
import { startRig, writeMp4, type Rig } from './harness.ts'

// Issue 13 §2: a file whose earlier job failed is sent again (retry), not reported as a duplicate; and the
// same file may go to a second account.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const settings = { accessPolicy: 'public', metadata: {} } as const

test('a failed job is re-queued by a new enqueue of its file; another account gets its own job', async () => {
  rig = await startRig()
  const file = join(rig.dir, 'take-1.mp4')
  writeMp4(file, 300_000)
  const first = await rig.service.enqueue([file], { account: 'sandbox', settings })
  const job = first.added[0]!
  // The job ended failed (as after a refused key or a server error past its budget).
  applyEvent(rig.db, job.id, 'start', { now: Date.now() })
  applyEvent(rig.db, job.id, 'fail', {
    now: Date.now(),
    patch: { error: { code: 'api/server', message: 'The server had an error (500).' } },
  })
  expect(rig.service.get(job.id)?.state).toBe('failed')

  const again = await rig.service.enqueue([file], { account: 'sandbox', settings })
  expect(again.duplicates).toEqual([])
  expect(again.added.map((j) => [j.id, j.state, j.error])).toEqual([[job.id, 'queued', null]])

  const elsewhere = await rig.service.enqueue([file], { account: 'work', settings })
  expect(elsewhere.duplicates).toEqual([])
  expect(elsewhere.added).toHaveLength(1)
  expect(elsewhere.added[0]?.id).not.toBe(job.id)

  // Still a duplicate on the account where it is already queued.
  const twice = await rig.service.enqueue([file], { account: 'sandbox', settings })
  expect(twice.duplicates.map((d) => d.existingJobId)).toEqual([job.id])
})
