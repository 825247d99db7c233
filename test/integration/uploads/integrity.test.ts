import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { asJobId } from '../../../common/domain/ids.ts'
import { remoteMedia, remoteSha256, sha256, startRig, writeMp4, type Rig } from './harness.ts'
import { until } from './cli-harness.ts'

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

// Fault matrix F16: the server stores bytes that differ from the file. The job must fail loudly, the damaged
// media must not stay in the library, and Retry must produce exactly one correct media.
test('an integrity mismatch fails the job, deletes the damaged media, and Retry uploads a correct copy', async () => {
  rig = await startRig({ faults: 'corrupt=1,seed=5', chunkMiB: 0.25 })
  const path = join(rig.dir, 'take.mp4')
  const expected = writeMp4(path, 700_000)
  const { added } = await rig.service.enqueue([path], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  const id = added[0]!.id
  rig.service.start()
  await until(() => rig!.service.get(id)?.state === 'failed', 30_000, 'the job to fail')
  const failed = rig.service.get(id)!
  expect(failed.error?.code).toBe('upload/integrity-mismatch')
  expect(failed.error?.detail).toMatch(/local crc32c=.*server crc32c=/)
  expect(failed.uploadId).toBeNull() // Retry will start a new upload, not re-verify the damaged one

  // The damaged media is deleted by the clean-up pass; nothing damaged stays in the library.
  await until(async () => (await remoteMedia(rig!.sb)).length === 0, 30_000, 'the damaged media to go')

  rig.sb.setFaults('')
  rig.service.retry({ ids: [asJobId(id)] })
  await until(() => rig!.service.get(id)?.state === 'done', 30_000, 'the retried job to finish')
  const done = rig.service.get(id)!
  const media = await remoteMedia(rig.sb)
  expect(media.map((m) => m.id)).toEqual([done.mediaId])
  expect(await remoteSha256(rig.sb, done.mediaId!)).toBe(expected)
  expect(expected).toBe(sha256(readFileSync(path)))
})
