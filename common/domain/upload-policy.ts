import type { AppError, AppErrorCode } from '../ipc/result.ts'
import { UPLOAD_STATES, type UploadState } from './upload.ts'

/**
 * The upload policy: every rule about a job that can be answered from its state and its error code, in one
 * pure module (no I/O). The transition table says what may happen; the sets below are derived from it (or
 * named once here) so the engine, the SQL, the CLI and the UI never restate them.
 */

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
  | 'sign-in-needed'
  | 'signed-in'
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
  'sign-in-needed',
  'signed-in',
  'recover',
  'pause',
  'resume',
  'cancel',
  'retry',
]

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
  // The bytes are in and verified: only the platform's verdict or giving up on waiting moves it on. Pausing
  // or cancelling here would not undo the media, so those are refused.
  processing: { processed: 'done', 'verified-no-wait': 'done', fail: 'failed', recover: 'processing' },
  done: {},
  paused: { resume: 'queued', cancel: 'cancelled' },
  'waiting-for-network': {
    'network-back': 'queued',
    pause: 'paused',
    cancel: 'cancelled',
    recover: 'queued',
  },
  // The destination refused the account's credentials (401, a revoked PeerTube session): the job keeps its
  // session and bytes and waits for the account to be signed in again (account update), then continues.
  'needs-sign-in': {
    'signed-in': 'queued',
    pause: 'paused',
    cancel: 'cancelled',
    recover: 'needs-sign-in',
  },
  failed: { retry: 'queued', cancel: 'cancelled' },
  cancelled: { retry: 'queued' },
}

/** The next state for `event` in `state`, or null when the event is not allowed there. Pure. */
export function transition(state: UploadState, event: UploadEvent): UploadState | null {
  return TABLE[state][event] ?? null
}

const where = (keep: (s: UploadState) => boolean): ReadonlyArray<UploadState> => UPLOAD_STATES.filter(keep)
const allows = (event: UploadEvent) => (s: UploadState) => transition(s, event) !== null

// ---- States -------------------------------------------------------------------------------------------

/**
 * Active: a runner owns the job and may be moving bytes or waiting on the platform (preparing, uploading,
 * verifying, processing). This is the one meaning of "active".
 */
export const ACTIVE_STATES: ReadonlyArray<UploadState> = ['preparing', 'uploading', 'verifying', 'processing']

/** Terminal: a job never leaves these on its own, only a user action moves it (done, failed, cancelled). */
export const TERMINAL_STATES: ReadonlyArray<UploadState> = ['done', 'failed', 'cancelled']
/** @deprecated the old name of TERMINAL_STATES. */
export const FINAL_STATES = TERMINAL_STATES

/** Runnable: a runner should pick the job up, now or after its backoff (queued, waiting, or active). */
export const RUNNABLE_STATES: ReadonlyArray<UploadState> = where(
  (s) => s === 'queued' || s === 'waiting-for-network' || ACTIVE_STATES.includes(s),
)

/** Pausable: the user may pause the job here (straight from the table). */
export const PAUSABLE_STATES: ReadonlyArray<UploadState> = where(allows('pause'))

/** Cancellable: the user may cancel the job here (straight from the table). */
export const CANCELLABLE_STATES: ReadonlyArray<UploadState> = where(allows('cancel'))

/** Retryable by the user (failed or cancelled). */
export const USER_RETRYABLE_STATES: ReadonlyArray<UploadState> = where(allows('retry'))

/**
 * Delivered: every byte is in and verified (processing or done). The UI counts these as done and shows
 * them full; the app refreshes the library when a job gets here.
 */
export const DELIVERED_STATES: ReadonlyArray<UploadState> = ['processing', 'done']

/**
 * In progress: on its way and not held back, i.e. queued or moving bytes (the queue's "active" count in the
 * UI). Not paused, not parked waiting for the network, not delivered, not terminal.
 */
export const IN_PROGRESS_STATES: ReadonlyArray<UploadState> = where(
  (s) => s === 'queued' || (ACTIVE_STATES.includes(s) && !DELIVERED_STATES.includes(s)),
)

/**
 * Resumable: bytes are still to be sent to the remote upload the job holds, so it can continue where the
 * server stands (by resume or retry). Verifying or later has nothing left to send; cancelled gave it up.
 */
export const RESUMABLE_STATES: ReadonlyArray<UploadState> = where(
  (s) => !DELIVERED_STATES.includes(s) && s !== 'verifying' && s !== 'cancelled',
)

/** Whether a runner owns a job in this state (see ACTIVE_STATES). */
export function isActiveState(state: UploadState): boolean {
  return ACTIVE_STATES.includes(state)
}
/** Short name of isActiveState. */
export const isActive = isActiveState

/**
 * Whether a job in this state, holding no remote upload, will create one when it runs: such a job adopts an
 * orphan upload created for it (a create whose answer was lost) instead of creating a second one.
 */
export function awaitsUpload(state: UploadState): boolean {
  return RESUMABLE_STATES.includes(state) && !TERMINAL_STATES.includes(state)
}

/** Whether a job in this state is finished (done, failed or cancelled). */
export function isTerminal(state: UploadState): boolean {
  return TERMINAL_STATES.includes(state)
}
/** The older name of isTerminal. */
export const isFinal = isTerminal

/** Whether a runner should pick this job up (now or after its backoff). */
export function isRunnable(state: UploadState): boolean {
  return RUNNABLE_STATES.includes(state)
}

export function isPausable(state: UploadState): boolean {
  return PAUSABLE_STATES.includes(state)
}

export function isCancellable(state: UploadState): boolean {
  return CANCELLABLE_STATES.includes(state)
}

/** Whether every byte is in and verified (processing or done). */
export function isDelivered(state: UploadState): boolean {
  return DELIVERED_STATES.includes(state)
}

/** Whether the job is queued or moving bytes (see IN_PROGRESS_STATES). */
export function isInProgress(state: UploadState): boolean {
  return IN_PROGRESS_STATES.includes(state)
}

/** What decides whether a job's remote upload can be continued from this machine. */
export type ResumeFacts = Readonly<{
  state: UploadState
  /** The job still holds its (sealed) session. */
  hasSession: boolean
  /** The local file is still the one that was queued (same size and mtime). */
  sourceUnchanged: boolean
}>

/** The one answer to "can this job's remote upload be resumed here?". */
export function isResumable(facts: ResumeFacts): boolean {
  return facts.hasSession && facts.sourceUnchanged && RESUMABLE_STATES.includes(facts.state)
}

// ---- Errors -------------------------------------------------------------------------------------------

/** Failures worth trying again later when the error itself does not say (`retryable` wins when set). */
export const RETRYABLE_ERRORS: ReadonlyArray<AppErrorCode> = [
  'network/offline',
  'network/timeout',
  'network/reset',
  'api/rate-limited',
  'api/server',
  'api/origin-timeout',
]

/**
 * Failures after which the server may or may not have acted on the request (it may have been received):
 * a create must be reconciled (looked up by its client id) before it is sent again.
 */
export const AMBIGUOUS_ERRORS: ReadonlyArray<AppErrorCode> = [
  'network/timeout',
  'network/reset',
  'api/server',
  'api/origin-timeout',
]

/** Failures that prove the server did nothing: no byte reached it (offline) or it refused up front (429). */
export const NOTHING_SENT_ERRORS: ReadonlyArray<AppErrorCode> = ['network/offline', 'api/rate-limited']

/**
 * Failures that abandon the job's remote upload: the source changed or vanished (its bytes would be half
 * old, half new), or the completed copy proved wrong. Retry then starts a clean upload.
 */
export const ABANDONING_ERRORS: ReadonlyArray<AppErrorCode> = [
  'upload/source-changed',
  'upload/source-missing',
  'upload/source-unreadable',
  'upload/integrity-mismatch',
]

/** Whether trying the same thing again later can succeed. */
export function isRetryableError(error: Pick<AppError, 'code' | 'retryable'>): boolean {
  return error.retryable ?? RETRYABLE_ERRORS.includes(error.code)
}

/** Whether it is unknown if the server acted on the failed request (reconcile before re-sending). */
export function isAmbiguousError(code: AppErrorCode): boolean {
  return AMBIGUOUS_ERRORS.includes(code)
}

/** Whether the failure proves the server did nothing, so the request may simply be sent again. */
export function provesNothingSent(code: AppErrorCode): boolean {
  return NOTHING_SENT_ERRORS.includes(code)
}

/** Whether the failure abandons the job's remote upload (and, once complete, its media). */
export function abandonsRemoteUpload(code: AppErrorCode): boolean {
  return ABANDONING_ERRORS.includes(code)
}

/**
 * The server-error budget (issue 13, ARCHITECTURE.md §3): how many error answers in a row from a server
 * (5xx, 429, 408), without a byte of progress, one run of a job takes before it stops trying. With the
 * retry backoff (0.5 s doubling to 30 s, or the server's Retry-After when longer) that is about a minute.
 * Only answers count: a network that is down costs nothing, the job waits for it without a budget.
 */
export const SERVER_ERROR_BUDGET = 8

/** Failures of a request that got no HTTP answer at all: refused or unreachable, stalled, reset. */
export const NO_ANSWER_ERRORS: ReadonlyArray<AppErrorCode> = [
  'network/offline',
  'network/timeout',
  'network/reset',
]

/**
 * Whether the request got no answer at all from the server it was sent to (no status). On an upload session
 * while the API answers, that is a session host that stopped answering, not a network that is down.
 */
export function gotNoAnswer(error: Pick<AppError, 'code' | 'status'>): boolean {
  return error.status === undefined && NO_ANSWER_ERRORS.includes(error.code)
}

/** Whether the failure is an error answer from a server (5xx, 429, 408): it counts against the budget. */
export function isServerErrorAnswer(error: Pick<AppError, 'status'>): boolean {
  const { status } = error
  return status !== undefined && (status >= 500 || status === 429 || status === 408)
}

/**
 * Whether `spool queue run` tries a job again by itself: it failed only because trying again did not help
 * yet (a spent server-error budget, a connection that kept breaking), not because of the file or the account.
 */
export function isWorthAnotherRun(
  state: UploadState,
  error: Pick<AppError, 'code' | 'retryable'> | null,
): boolean {
  return state === 'failed' && error !== null && isRetryableError(error) && !abandonsRemoteUpload(error.code)
}

/** Whether the failure means the device is offline: the job waits for the network instead of failing. */
export function meansOffline(code: AppErrorCode): boolean {
  return code === 'network/offline'
}

/**
 * Whether the user must sign in again before the job can go on: the provider rejected the account's
 * credentials, or the server now presents another certificate than the one the account trusts (the user
 * confirms the new one when signing in again). The job waits; nothing is lost.
 */
export function needsSignIn(code: AppErrorCode): boolean {
  return code === 'auth/invalid-credentials' || code === 'auth/untrusted-certificate'
}

/** Whether the failure means the upload session is gone and a new upload must be created. */
export function isSessionExpired(code: AppErrorCode): boolean {
  return code === 'upload/session-expired'
}

/** Whether a user retry after this failure must start a fresh upload instead of resuming the session. */
export function retryStartsFresh(state: UploadState, code: AppErrorCode | null): boolean {
  return state === 'cancelled' || code === 'upload/integrity-mismatch' || code === 'upload/source-changed'
}
