import { describe, expect, test } from 'vitest'
import { UPLOAD_STATES } from '../../../common/domain/upload.ts'
import {
  awaitsUpload,
  isServerErrorAnswer,
  isWorthAnotherRun,
  SERVER_ERROR_BUDGET,
} from '../../../common/domain/upload-policy.ts'

describe('upload policy: the engine rules of issue 13', () => {
  test('only error answers from a server count against the budget; a network that is down does not', () => {
    for (const status of [500, 502, 503, 504, 524, 429, 408])
      expect(isServerErrorAnswer({ status })).toBe(true)
    for (const status of [undefined, 200, 308, 400, 401, 404, 409, 422])
      expect(isServerErrorAnswer({ status })).toBe(false)
    expect(SERVER_ERROR_BUDGET).toBe(8)
  })
  test('queue run takes back failed jobs whose failure was only that trying again had not helped yet', () => {
    expect(isWorthAnotherRun('failed', { code: 'api/server', retryable: true })).toBe(true)
    expect(isWorthAnotherRun('failed', { code: 'api/rate-limited' })).toBe(true)
    expect(isWorthAnotherRun('failed', { code: 'network/reset' })).toBe(true)
    expect(isWorthAnotherRun('failed', { code: 'api/validation' })).toBe(false)
    expect(isWorthAnotherRun('failed', { code: 'upload/integrity-mismatch' })).toBe(false)
    expect(isWorthAnotherRun('failed', { code: 'upload/source-changed', retryable: true })).toBe(false)
    expect(isWorthAnotherRun('failed', null)).toBe(false)
    expect(isWorthAnotherRun('cancelled', { code: 'api/server', retryable: true })).toBe(false)
  })
  test('the states whose job will still create an upload (and so adopts an orphan made for it)', () => {
    expect(UPLOAD_STATES.filter(awaitsUpload)).toEqual([
      'queued',
      'preparing',
      'uploading',
      'paused',
      'waiting-for-network',
      'needs-sign-in',
    ])
  })
})
