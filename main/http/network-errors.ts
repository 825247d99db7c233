import { AppFailure, appError, type AppError } from '../../common/ipc/result.ts'

/**
 * The one classifier of socket-level failures, shared by the got client (http/errors.ts) and the resumable
 * upload transport (http/exchange.ts).
 *
 * Only a failure that proves no byte of the request reached the server is "unreachable" (the app reports it
 * as `network/offline`, which callers may treat as "nothing happened": a create is simply sent again):
 * - DNS failed (ENOTFOUND, EAI_AGAIN): there was no address to send to;
 * - the connection was refused (ECONNREFUSED): no server socket took it;
 * - no route to the network or host (ENETUNREACH, EHOSTUNREACH, ENETDOWN) while connecting.
 * Everything else (a reset, a broken pipe, a timeout, a premature close, an unknown code, a routing error
 * on an established connection) is "interrupted": the request may have been written and acted upon, so it
 * is ambiguous (`network/reset`) and a create must be reconciled before it is sent again.
 */
export type NetworkErrorKind = 'aborted' | 'unreachable' | 'interrupted'

/** Error codes that prove nothing was sent whatever the syscall (name resolution, refused connection). */
const NEVER_CONNECTED: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED'])

/** Routing failures: they prove nothing was sent only when they come from connect(). */
const NO_ROUTE: ReadonlySet<string> = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'])

type ErrorLike = { code?: unknown; name?: unknown; syscall?: unknown; cause?: unknown }

const asErrorLike = (value: unknown): ErrorLike | null =>
  typeof value === 'object' && value !== null ? value : null

/** The socket error underneath wrappers (got's RequestError keeps it as `cause`). */
function socketError(caught: unknown): ErrorLike | null {
  let e = asErrorLike(caught)
  for (let depth = 0; e && depth < 4; depth++) {
    const inner = asErrorLike(e.cause)
    if (!inner || typeof inner.code !== 'string') return e
    e = inner
  }
  return e
}

/** The errno-style code of a failure ('unknown' when it has none). */
export function networkErrorCode(caught: unknown): string {
  const e = socketError(caught)
  return typeof e?.code === 'string' ? e.code : 'unknown'
}

/** Whether the failure is an abort (the caller's signal), which is never a network failure. */
export function isAbortError(caught: unknown): boolean {
  const e = asErrorLike(caught)
  return e?.name === 'AbortError' || e?.code === 'ERR_ABORTED' || e?.code === 'ABORT_ERR'
}

/** What work ended by `signal` rejects with: the signal's own reason when it is an error, else an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new DOMException('aborted', 'AbortError')
}

/** Classifies a socket-level failure (see the module comment). */
export function classifyNetworkError(caught: unknown): NetworkErrorKind {
  if (isAbortError(caught)) return 'aborted'
  const e = socketError(caught)
  const code = typeof e?.code === 'string' ? e.code : ''
  if (NEVER_CONNECTED.has(code)) return 'unreachable'
  // Without a syscall we cannot tell connect() from a later write; got only reports these while connecting.
  if (NO_ROUTE.has(code) && (e?.syscall === undefined || e.syscall === 'connect')) return 'unreachable'
  return 'interrupted'
}

/** How a caller words the two failures (what it was talking to). */
export type NetworkWording = Readonly<{ unreachable: string; interrupted: string }>

const DEFAULT_WORDING: NetworkWording = {
  unreachable: 'Cannot reach the server. Check your network connection.',
  interrupted: 'The connection was interrupted.',
}

/** The AppError for a failure that is not an abort: `network/offline` or `network/reset`, both retryable. */
export function networkAppError(caught: unknown, wording: NetworkWording = DEFAULT_WORDING): AppError {
  const detail = networkErrorCode(caught)
  return classifyNetworkError(caught) === 'unreachable'
    ? appError('network/offline', wording.unreachable, { retryable: true, detail })
    : appError('network/reset', wording.interrupted, { retryable: true, detail })
}

/** Maps a socket-level failure to an AppFailure; aborts and AppFailures pass through untouched. */
export function toNetworkFailure(caught: unknown, wording?: NetworkWording): unknown {
  if (caught instanceof AppFailure || isAbortError(caught)) return caught
  return new AppFailure(networkAppError(caught, wording))
}
