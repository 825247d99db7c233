import { expect, test } from 'vitest'
import type { UploadJob } from '../../../common/domain/upload.ts'
import { jobLine } from '../../../main/cli/upload/reporter.ts'

// Issue 13 §5: a finished job does not keep the error of an attempt it recovered from.

const job = (over: Partial<UploadJob>): UploadJob =>
  ({
    id: 'j1',
    path: '/card/a.mov',
    name: 'a.mov',
    size: 10,
    state: 'done',
    bytesAcked: 10,
    uploadId: 'u1',
    mediaId: 'm1',
    error: { code: 'network/offline', message: 'Check your network connection.' },
    ...over,
  }) as unknown as UploadJob

test('a done job is reported without the stale error of an earlier attempt', () => {
  expect(jobLine(job({})).error).toBeNull()
})

test('a failed job keeps its reason', () => {
  expect(jobLine(job({ state: 'failed' })).error).toEqual({
    code: 'network/offline',
    message: 'Check your network connection.',
  })
})
