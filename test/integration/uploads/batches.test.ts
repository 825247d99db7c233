import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { applyEvent } from '../../../main/uploads/repository.ts'
import { batchLabel } from '../../../main/uploads/service.ts'
import { startRig, writeMp4, type Rig } from './harness.ts'

// Issue 11 ("design for what comes next"): a batch — one drop, one `spool upload`, one manifest — is a
// persisted record its jobs belong to.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const settings = { accessPolicy: 'public', metadata: {} } as const

test('each enqueue is one batch its jobs carry; a failed file dropped again joins the new batch', async () => {
  rig = await startRig()
  const day1 = join(rig.dir, 'day1')
  mkdirSync(day1)
  writeMp4(join(day1, 'a.mp4'), 200_000)
  writeMp4(join(day1, 'b.mp4'), 200_000)
  const loose = join(rig.dir, 'loose.mp4')
  writeMp4(loose, 200_000)

  const first = await rig.service.enqueue([day1], { account: 'sandbox', settings, batch: { origin: 'drop' } })
  expect(first.batch).toMatchObject({ label: 'day1', origin: 'drop', manifestPath: null })
  expect(first.added.map((j) => j.batchId)).toEqual([first.batch!.id, first.batch!.id])
  expect(rig.service.list().map((j) => j.batchId)).toEqual([first.batch!.id, first.batch!.id])

  // Nothing new: no batch is recorded.
  const again = await rig.service.enqueue([day1], { account: 'sandbox', settings })
  expect(again.batch).toBeNull()
  expect(again.duplicates).toHaveLength(2)

  // One of day1's files failed; dropping it again with another file makes one new batch holding both.
  const failed = first.added[0]!
  applyEvent(rig.db, failed.id, 'start', { now: Date.now() })
  applyEvent(rig.db, failed.id, 'fail', {
    now: Date.now(),
    patch: { error: { code: 'api/server', message: 'The server had an error (500).' } },
  })
  const second = await rig.service.enqueue([failed.path, loose], {
    account: 'sandbox',
    settings,
    batch: { origin: 'manifest', label: 'shoot.csv', manifestPath: '/x/shoot.csv' },
  })
  expect(second.batch).toMatchObject({ label: 'shoot.csv', origin: 'manifest', manifestPath: '/x/shoot.csv' })
  const byId = new Map(rig.service.list().map((j) => [j.id, j.batchId]))
  expect(byId.get(failed.id)).toBe(second.batch!.id)
  expect(second.added.map((j) => j.batchId)).toEqual([second.batch!.id, second.batch!.id])
  expect(rig.service.batches().map((b) => b.id)).toEqual([first.batch!.id, second.batch!.id])
})

test('a batch whose jobs were all cleared leaves the list', async () => {
  rig = await startRig()
  const file = join(rig.dir, 'one.mp4')
  writeMp4(file, 200_000)
  const report = await rig.service.enqueue([file], { account: 'sandbox', settings })
  expect(report.batch?.origin).toBe('cli')
  rig.service.cancel({ all: true })
  expect(rig.service.batches()).toHaveLength(1)
  rig.service.clearDone()
  expect(rig.service.batches()).toEqual([])
})

test('a batch is named after the one thing dropped, else the first and how many more', () => {
  expect(batchLabel(['/cards/A001'])).toBe('A001')
  expect(batchLabel(['/cards/A001/', '/x/clip.mov', '/y'])).toBe('A001 and 2 more')
})
