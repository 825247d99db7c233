import { describe, expect, test } from 'vitest'
import { asUploadId } from '../../../common/domain/ids.ts'
import { classifyUnusedUpload } from '../../../main/library/unused-uploads.ts'
import type { RemoteUpload } from '../../../main/providers/provider.ts'

const remote = (createdAt: string | null): RemoteUpload => ({
  uploadId: asUploadId('u1'),
  status: 'waiting',
  timeoutSeconds: 14400,
  createdAt,
  accessPolicy: 'public',
  metadata: {},
})
const now = Date.parse('2026-05-20T12:00:00Z')

describe('classifyUnusedUpload', () => {
  test('known to the local queue and resumable → resumable-here, with age and time left', () => {
    const u = classifyUnusedUpload(
      remote('2026-05-20T11:00:00Z'),
      { jobId: 'j', path: '/a.mp4', resumable: true },
      now,
    )
    expect(u).toMatchObject({
      origin: 'resumable-here',
      ageSeconds: 3600,
      expiresInSeconds: 10800,
      jobId: 'j',
    })
  })

  test('unknown here → orphaned', () => {
    expect(classifyUnusedUpload(remote('2026-05-20T11:00:00Z'), null, now).origin).toBe('orphaned')
    const notResumable = { jobId: 'j', path: '/a.mp4', resumable: false }
    expect(classifyUnusedUpload(remote('2026-05-20T11:00:00Z'), notResumable, now).origin).toBe('orphaned')
  })

  test('past FastPix timeout (4 h) → expired, even when the queue knows it', () => {
    const u = classifyUnusedUpload(
      remote('2026-05-20T07:00:00Z'),
      { jobId: 'j', path: '/a', resumable: true },
      now,
    )
    expect(u.origin).toBe('expired')
    expect(u.expiresInSeconds).toBe(-3600)
  })

  test('no creation time → age unknown, not expired', () => {
    const u = classifyUnusedUpload(remote(null), null, now)
    expect(u).toMatchObject({ origin: 'orphaned', ageSeconds: null, expiresInSeconds: null })
  })
})
