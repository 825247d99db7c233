import { describe, expect, test } from 'vitest'
import { UPLOAD_STATES, type UploadState } from '../../../common/domain/upload.ts'
import {
  isActive,
  isFinal,
  isRunnable,
  transition,
  UPLOAD_EVENTS,
  type UploadEvent,
} from '../../../common/domain/upload-machine.ts'

/** The full expected table: every state × event; anything not listed must be refused (null). */
const ALLOWED: Record<UploadState, Partial<Record<UploadEvent, UploadState>>> = {
  queued: { start: 'preparing', pause: 'paused', cancel: 'cancelled', 'network-lost': 'waiting-for-network' },
  preparing: {
    'session-ready': 'uploading',
    'session-expired': 'preparing',
    fail: 'failed',
    'sign-in-needed': 'needs-sign-in',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  uploading: {
    'session-expired': 'preparing',
    'bytes-complete': 'verifying',
    fail: 'failed',
    'sign-in-needed': 'needs-sign-in',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  verifying: {
    verified: 'processing',
    'verified-no-wait': 'done',
    fail: 'failed',
    'sign-in-needed': 'needs-sign-in',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  processing: { processed: 'done', 'verified-no-wait': 'done', fail: 'failed', recover: 'processing' },
  done: {},
  paused: { resume: 'queued', cancel: 'cancelled' },
  'waiting-for-network': {
    'network-back': 'queued',
    pause: 'paused',
    cancel: 'cancelled',
    recover: 'queued',
  },
  'needs-sign-in': { 'signed-in': 'queued', pause: 'paused', cancel: 'cancelled', recover: 'needs-sign-in' },
  failed: { retry: 'queued', cancel: 'cancelled' },
  cancelled: { retry: 'queued' },
}

describe('transition (every state × every event)', () => {
  for (const state of UPLOAD_STATES)
    for (const event of UPLOAD_EVENTS)
      test(`${state} + ${event} → ${ALLOWED[state][event] ?? 'refused'}`, () => {
        expect(transition(state, event)).toBe(ALLOWED[state][event] ?? null)
      })
})

describe('invariants of the table', () => {
  test('done is terminal: nothing moves it (a finished upload is never re-uploaded)', () => {
    expect(UPLOAD_EVENTS.map((e) => transition('done', e)).every((s) => s === null)).toBe(true)
  })
  test('a user pause or cancel cannot be undone by a late engine event', () => {
    const engine: UploadEvent[] = [
      'session-ready',
      'bytes-complete',
      'verified',
      'verified-no-wait',
      'processed',
      'fail',
      'network-lost',
      'start',
    ]
    for (const e of engine) {
      expect(transition('paused', e)).toBeNull()
      expect(transition('cancelled', e)).toBeNull()
    }
  })
  test('every non-final state except processing can be cancelled', () => {
    for (const s of UPLOAD_STATES.filter((s) => !isFinal(s) && s !== 'processing'))
      expect(transition(s, 'cancel')).toBe('cancelled')
  })
  test('classification helpers', () => {
    expect(UPLOAD_STATES.filter(isActive)).toEqual(['preparing', 'uploading', 'verifying', 'processing'])
    expect(UPLOAD_STATES.filter(isFinal)).toEqual(['done', 'failed', 'cancelled'])
    expect(UPLOAD_STATES.filter(isRunnable)).toEqual([
      'queued',
      'preparing',
      'uploading',
      'verifying',
      'processing',
      'waiting-for-network',
    ])
  })
})
