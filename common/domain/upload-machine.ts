import type { UploadState } from './upload.ts'

/**
 * What can happen to an upload job. Engine events come from the runner; user events from the UI/CLI.
 * `recover` is applied at start-up to jobs whose runner died (kill -9, crash): the server owns the offset,
 * so they simply go back to the queue and ask it where they stand.
 */
export type UploadEvent =
  | 'start'
  | 'session-ready'
  | 'session-expired'
  | 'bytes-complete'
  | 'verified'
  | 'verified-no-wait'
  | 'processed'
  | 'fail'
  | 'network-lost'
  | 'network-back'
  | 'recover'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'retry'

/** Every event, for exhaustive tests and for validation at boundaries. */
export const UPLOAD_EVENTS: ReadonlyArray<UploadEvent> = [
  'start',
  'session-ready',
  'session-expired',
  'bytes-complete',
  'verified',
  'verified-no-wait',
  'processed',
  'fail',
  'network-lost',
  'network-back',
  'recover',
  'pause',
  'resume',
  'cancel',
  'retry',
]

/** States in which a runner owns the job and may be moving bytes. */
export const ACTIVE_STATES: ReadonlyArray<UploadState> = ['preparing', 'uploading', 'verifying', 'processing']

/** States a job never leaves on its own (only a user action moves it). */
export const FINAL_STATES: ReadonlyArray<UploadState> = ['done', 'failed', 'cancelled']

/**
 * The whole transition table. A missing entry means "not allowed" and `transition` answers null, so a late
 * engine write after a user's pause or cancel is refused instead of silently undoing it.
 */
const TABLE: Readonly<Record<UploadState, Partial<Record<UploadEvent, UploadState>>>> = {
  queued: { start: 'preparing', pause: 'paused', cancel: 'cancelled', 'network-lost': 'waiting-for-network' },
  preparing: {
    'session-ready': 'uploading',
    'session-expired': 'preparing',
    fail: 'failed',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  uploading: {
    'session-expired': 'preparing',
    'bytes-complete': 'verifying',
    fail: 'failed',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  verifying: {
    verified: 'processing',
    'verified-no-wait': 'done',
    fail: 'failed',
    'network-lost': 'waiting-for-network',
    recover: 'queued',
    pause: 'paused',
    cancel: 'cancelled',
  },
  // The bytes are in and verified: only FastPix's verdict or giving up on waiting moves it on. Pausing or
  // cancelling here would not undo the media, so those are refused.
  processing: { processed: 'done', 'verified-no-wait': 'done', fail: 'failed', recover: 'processing' },
  done: {},
  paused: { resume: 'queued', cancel: 'cancelled' },
  'waiting-for-network': {
    'network-back': 'queued',
    pause: 'paused',
    cancel: 'cancelled',
    recover: 'queued',
  },
  failed: { retry: 'queued', cancel: 'cancelled' },
  cancelled: { retry: 'queued' },
}

/** The next state for `event` in `state`, or null when the event is not allowed there. Pure. */
export function transition(state: UploadState, event: UploadEvent): UploadState | null {
  return TABLE[state][event] ?? null
}

/** Whether a runner may be working on a job in this state. */
export function isActive(state: UploadState): boolean {
  return ACTIVE_STATES.includes(state)
}

/** Whether a job in this state is finished (done, failed or cancelled). */
export function isFinal(state: UploadState): boolean {
  return FINAL_STATES.includes(state)
}

/** Whether a runner should pick this job up (now or after its backoff). */
export function isRunnable(state: UploadState): boolean {
  return state === 'queued' || state === 'waiting-for-network' || isActive(state)
}
