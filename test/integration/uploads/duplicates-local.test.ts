import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { asMediaId } from '../../../common/domain/ids.ts'
import { createFastPixProvider } from '../../../main/providers/fastpix/fastpix-provider.ts'
import { applyEvent } from '../../../main/uploads/repository.ts'
import { startRig, writeMp4, type Rig } from './harness.ts'

// Issue 13 §2 in the upload service: what counts as a duplicate (the same content at the same destination,
// confirmed by the whole file's CRC32C) and what does not (a failed or cancelled earlier job, a media
// deleted since, a file that only shares its size and both ends).

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const settings = { accessPolicy: 'public', metadata: {} } as const

async function rigWithLibrary(): Promise<Rig> {
  const r: Rig = await startRig({
    service: {
      providerFor: () =>
        Promise.resolve(
          createFastPixProvider({
            apiUrl: r.sb.apiUrl,
            credentials: () => Promise.resolve({ tokenId: r.sb.username, secretKey: r.sb.password }),
            sandbox: true,
          }),
        ),
    },
  })
  return r
}

const fail = (r: Rig, id: string): void => {
  applyEvent(r.db, id, 'start', { now: Date.now() })
  applyEvent(r.db, id, 'fail', {
    now: Date.now(),
    patch: { error: { code: 'api/server', message: 'The server had an error (500).' } },
  })
}

test('a copy whose earlier job failed or was cancelled is queued again, not reported as a duplicate', async () => {
  rig = await rigWithLibrary()
  const original = join(rig.dir, 'take-1.mp4')
  const copy = join(rig.dir, 'take-1 copy.mp4')
  writeMp4(original, 300_000)
  copyFileSync(original, copy)

  const first = await rig.service.enqueue([original], { account: 'sandbox', settings })
  // While the first job is queued, its renamed copy is a duplicate of it.
  const queued = await rig.service.enqueue([copy], { account: 'sandbox', settings })
  expect(queued.added).toEqual([])
  expect(queued.duplicates.map((d) => [d.match, d.existingJobId, d.state, d.copy.title])).toEqual([
    ['same-content', first.added[0]!.id, 'queued', 'take-1'],
  ])

  fail(rig, first.added[0]!.id)
  const afterFailure = await rig.service.enqueue([copy], { account: 'sandbox', settings })
  expect(afterFailure.duplicates).toEqual([])
  expect(afterFailure.added.map((j) => j.path)).toEqual([copy])

  rig.service.cancel({ ids: [afterFailure.added[0]!.id] })
  const afterCancel = await rig.service.enqueue([copy], { account: 'sandbox', settings })
  expect(afterCancel.duplicates).toEqual([])
  expect(afterCancel.added.map((j) => j.path)).toEqual([copy])
})

test('two files of one drop with the same content: the second is named as a copy of the first', async () => {
  rig = await rigWithLibrary()
  const a = join(rig.dir, 'a.mp4')
  writeMp4(a, 200_000)
  copyFileSync(a, join(rig.dir, 'b.mp4'))
  const report = await rig.service.enqueue([rig.dir], { account: 'sandbox', settings })
  expect(report.added.map((j) => j.name)).toEqual(['a.mp4'])
  expect(report.duplicates.map((d) => [d.path, d.match, d.copy.title])).toEqual([
    [join(rig.dir, 'b.mp4'), 'same-content', 'a'],
  ])
})

test('the same size and the same first and last 16 KiB are not enough: the whole-file CRC32C decides', async () => {
  rig = await rigWithLibrary()
  const a = join(rig.dir, 'a.mp4')
  writeMp4(a, 400_000)
  const bytes = readFileSync(a)
  bytes[200_000] = bytes[200_000]! ^ 0xff // one byte in the middle, outside both ends
  writeFileSync(join(rig.dir, 'b.mp4'), bytes)
  await rig.service.enqueue([a], { account: 'sandbox', settings })
  const report = await rig.service.enqueue([join(rig.dir, 'b.mp4')], { account: 'sandbox', settings })
  expect(report.duplicates).toEqual([])
  expect(report.added).toHaveLength(1)
})

test('a media deleted from the library since is uploaded again; one still there is not', async () => {
  rig = await rigWithLibrary()
  const a = join(rig.dir, 'a.mp4')
  const b = join(rig.dir, 'b.mp4')
  writeMp4(a, 200_000)
  writeMp4(b, 210_000)
  await rig.service.enqueue([a, b], { account: 'sandbox', settings: { ...settings } })
  rig.service.start()
  await rig.service.waitForIdle()
  const jobs = rig.service.list()
  expect(jobs.map((j) => j.state)).toEqual(['done', 'done'])
  rig.service.clearDone()
  const library = createFastPixProvider({
    apiUrl: rig.sb.apiUrl,
    credentials: () => Promise.resolve({ tokenId: rig!.sb.username, secretKey: rig!.sb.password }),
  }).library
  await library.deleteMedia(asMediaId(jobs[0]!.mediaId!))

  const again = await rig.service.enqueue([a, b], { account: 'sandbox', settings })
  expect(again.added.map((j) => j.path)).toEqual([a])
  expect(again.duplicates.map((d) => [d.path, d.match, d.copy.mediaId])).toEqual([
    [b, 'same-file', jobs[1]!.mediaId],
  ])
})

test('a library that cannot be asked (offline, signed out) leaves the judgement to this machine', async () => {
  rig = await startRig({
    service: { providerFor: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')) },
  })
  const a = join(rig.dir, 'a.mp4')
  writeMp4(a, 200_000)
  copyFileSync(a, join(rig.dir, 'copy.mp4'))
  const first = await rig.service.enqueue([a], { account: 'sandbox', settings })
  expect(first.added).toHaveLength(1)
  const copy = await rig.service.enqueue([join(rig.dir, 'copy.mp4')], { account: 'sandbox', settings })
  expect(copy.added).toEqual([])
  expect(copy.duplicates.map((d) => d.match)).toEqual(['same-content'])
})
