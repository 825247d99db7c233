import { describe, expect, test } from 'vitest'
import { UPLOAD_STATES } from '../../../common/domain/upload.ts'
import {
  abandonsRemoteUpload,
  ACTIVE_STATES,
  CANCELLABLE_STATES,
  DELIVERED_STATES,
  IN_PROGRESS_STATES,
  isActiveState,
  isAmbiguousError,
  isResumable,
  isRetryableError,
  meansOffline,
  needsSignIn,
  PAUSABLE_STATES,
  provesNothingSent,
  RESUMABLE_STATES,
  RUNNABLE_STATES,
  TERMINAL_STATES,
  USER_RETRYABLE_STATES,
} from '../../../common/domain/upload-policy.ts'

describe('upload policy: each set pinned', () => {
  test('active: a runner owns the job (one meaning only)', () => {
    expect(ACTIVE_STATES).toEqual(['preparing', 'uploading', 'verifying', 'processing'])
    expect(UPLOAD_STATES.filter(isActiveState)).toEqual(ACTIVE_STATES)
  })
  test('in progress (the UI count): queued or moving bytes', () => {
    expect(IN_PROGRESS_STATES).toEqual(['queued', 'preparing', 'uploading', 'verifying'])
  })
  test('delivered: processing and done', () => {
    expect(DELIVERED_STATES).toEqual(['processing', 'done'])
  })
  test('terminal, runnable', () => {
    expect(TERMINAL_STATES).toEqual(['done', 'failed', 'cancelled'])
    expect(RUNNABLE_STATES).toEqual([
      'queued',
      'preparing',
      'uploading',
      'verifying',
      'processing',
      'waiting-for-network',
    ])
  })
  test('pausable and cancellable come from the table', () => {
    expect(PAUSABLE_STATES).toEqual([
      'queued',
      'preparing',
      'uploading',
      'verifying',
      'waiting-for-network',
      'needs-sign-in',
    ])
    expect(CANCELLABLE_STATES).toEqual([
      'queued',
      'preparing',
      'uploading',
      'verifying',
      'paused',
      'waiting-for-network',
      'needs-sign-in',
      'failed',
    ])
    expect(USER_RETRYABLE_STATES).toEqual(['failed', 'cancelled'])
  })
  test('resumable: bytes still to send to the upload the job holds', () => {
    expect(RESUMABLE_STATES).toEqual([
      'queued',
      'preparing',
      'uploading',
      'paused',
      'waiting-for-network',
      'needs-sign-in',
      'failed',
    ])
    const facts = { hasSession: true, sourceUnchanged: true }
    expect(UPLOAD_STATES.filter((state) => isResumable({ state, ...facts }))).toEqual(RESUMABLE_STATES)
    expect(isResumable({ state: 'paused', hasSession: false, sourceUnchanged: true })).toBe(false)
    expect(isResumable({ state: 'paused', hasSession: true, sourceUnchanged: false })).toBe(false)
  })
})

describe('upload policy: errors', () => {
  test('retryable: the error says, else its code decides', () => {
    expect(isRetryableError({ code: 'network/reset' })).toBe(true)
    expect(isRetryableError({ code: 'api/server', retryable: false })).toBe(false)
    expect(isRetryableError({ code: 'api/validation' })).toBe(false)
    expect(isRetryableError({ code: 'upload/rejected', retryable: true })).toBe(true)
  })
  test('ambiguous vs nothing sent', () => {
    for (const code of ['network/timeout', 'network/reset', 'api/server', 'api/origin-timeout'] as const) {
      expect(isAmbiguousError(code)).toBe(true)
      expect(provesNothingSent(code)).toBe(false)
    }
    for (const code of ['network/offline', 'api/rate-limited'] as const) {
      expect(isAmbiguousError(code)).toBe(false)
      expect(provesNothingSent(code)).toBe(true)
    }
    expect(isAmbiguousError('api/validation')).toBe(false)
  })
  test('what abandons the remote upload, what parks, what needs a sign-in', () => {
    expect(
      (
        [
          'upload/source-changed',
          'upload/source-missing',
          'upload/source-unreadable',
          'upload/integrity-mismatch',
        ] as const
      ).every(abandonsRemoteUpload),
    ).toBe(true)
    expect(abandonsRemoteUpload('network/reset')).toBe(false)
    expect(meansOffline('network/offline')).toBe(true)
    expect(meansOffline('network/reset')).toBe(false)
    expect(needsSignIn('auth/invalid-credentials')).toBe(true)
    expect(needsSignIn('auth/untrusted-certificate')).toBe(true)
    expect(needsSignIn('network/reset')).toBe(false)
  })
})
