import { AppFailure, appError, type AppError, type AppErrorCode } from '../../../common/ipc/result.ts'
import { parseRetryAfter } from '../../../common/domain/backoff.ts'
import { serverText } from '../../http/server-text.ts'
import { EngineErrorSchema, ProblemSchema, type EngineError, type Problem } from './schemas.ts'

/**
 * Why a PeerTube call failed, finer than the AppError code (some of these want codes of their own in
 * common/ipc/result.ts; until then the AppError carries the nearest existing code and this reason).
 */
export type PeerTubeReason =
  /** 401 `missing_two_factor`: ask for a one-time code and retry the password grant with it. */
  | 'otp-required'
  /** 400 `invalid_two_factor`: the one-time code was wrong or expired. */
  | 'otp-invalid'
  /** 400 `invalid_grant` on the password grant. */
  | 'invalid-credentials'
  /** The refresh token is revoked, expired or unknown, or nothing is stored: sign in again. */
  | 'reauth-required'
  /** The instance's certificate cannot be verified: show its fingerprint and ask to trust it. */
  | 'certificate-untrusted'
  /** The account trusts one certificate and the server presents another. */
  | 'certificate-changed'
  /** 403 on `GET /oauth-clients/local`: the instance checks the Host header (production instances). */
  | 'client-forbidden'
  /** 401 `invalid_token` on an API call: refresh once and retry. */
  | 'token-invalid'
  /** Any other 401 (`unauthorized_request`, "Not authenticated"): no token or not accepted; not refreshed. */
  | 'unauthenticated'
  /** 413 `quota_reached` (problem+json). */
  | 'quota-exceeded'
  /** Bare 413 (a proxy's body-size limit): the caller halves the chunk. */
  | 'chunk-too-large'
  /** 404 on an upload (engine `FileNotFound`): purged, cancelled or already completed. */
  | 'upload-gone'
  /** 423 `FileLocked`: another request on the same upload is still streaming. */
  | 'upload-locked'
  /** 409 `FileConflict`: the range does not fit the declared size; re-probe. */
  | 'upload-conflict'
  /** 503 while the completed upload is being turned into a video (Retry-After). */
  | 'processing'
  /** 415/422: the server refused the file itself. */
  | 'file-refused'
  | 'rate-limited'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'server'
  | 'other'

/** An AppFailure that also says which PeerTube situation it stands for. */
export class PeerTubeFailure extends AppFailure {
  readonly reason: PeerTubeReason
  constructor(reason: PeerTubeReason, error: AppError) {
    super(error)
    this.name = 'PeerTubeFailure'
    this.reason = reason
  }
}

export function peerTubeFailure(
  reason: PeerTubeReason,
  code: AppErrorCode,
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {},
): PeerTubeFailure {
  return new PeerTubeFailure(reason, appError(code, message, extra))
}

/** Whether `caught` is a PeerTubeFailure with one of `reasons`. */
export function hasReason(caught: unknown, ...reasons: PeerTubeReason[]): caught is PeerTubeFailure {
  return caught instanceof PeerTubeFailure && reasons.includes(caught.reason)
}

export type ParsedErrorBody = Readonly<{ problem: Problem | null; engine: EngineError | null }>

/** Reads an error body: problem+json, the upload engine's `{"error":{code,message}}`, or neither. */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  let value: unknown = body
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const text = body.toString()
    if (text.trim() === '') return { problem: null, engine: null }
    try {
      value = JSON.parse(text) as unknown
    } catch {
      return { problem: null, engine: null }
    }
  }
  const engine = EngineErrorSchema.safeParse(value)
  if (engine.success) return { problem: null, engine: engine.data }
  const problem = ProblemSchema.safeParse(value)
  if (problem.success && (problem.data.detail !== undefined || problem.data.code !== undefined))
    return { problem: problem.data, engine: null }
  return { problem: null, engine: null }
}

/** The server's own words: bounded, made inert, tokens and query strings removed (server-text.ts). */
function serverDetail(parsed: ParsedErrorBody): string | undefined {
  const p = parsed.problem
  let text: string | undefined
  if (p) {
    const params = Object.entries(p['invalid-params'] ?? {})
      .map(([name, v]) => `${name}: ${v.msg ?? 'invalid'}`)
      .join('; ')
    text = [p.detail ?? p.error ?? p.title, params].filter(Boolean).join(' — ')
  } else if (parsed.engine) {
    text = parsed.engine.error.message ?? parsed.engine.error.code
  }
  return text ? serverText(text) || undefined : undefined
}

function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const raw = headers[name]
  return Array.isArray(raw) ? raw[0] : raw
}

export type ErrorResponse = Readonly<{
  status: number
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** Text, a Buffer, or an already parsed value. */
  body: unknown
}>

/**
 * How soon to ask again about an upload PeerTube is turning into a video. It answers 503 with Retry-After: 300
 * (its own code: "knowing the upload_id is kept for up to 15 min after completion"), but the work takes about a
 * second (1.2 s for the final chunk of the captured 5 MB upload): honoured, one probe after a kill -9 parked the
 * file at 100 % for five minutes against a real 6.3.2. Each such answer still counts against the server-error
 * budget, so a server that stays in that state ends the job, kept for `spool queue run`.
 */
export const PROCESSING_RECHECK_MS = 2_000

/**
 * Maps a PeerTube error response to a typed failure with the server's detail (never a token: the
 * detail passes through the redactor). `what` names the operation ("Updating the video").
 */
export function failureFromResponse(
  response: ErrorResponse,
  what = 'The request',
  nowMs = Date.now(),
): PeerTubeFailure {
  const { status } = response
  const parsed = parseErrorBody(response.body)
  const code = parsed.problem?.code
  const engineCode = parsed.engine?.error.code
  const detail = serverDetail(parsed)
  const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'), nowMs)
  const extra = { status, ...(detail ? { detail } : {}) }
  const retry = { ...extra, retryable: true, ...(retryAfterMs !== null ? { retryAfterMs } : {}) }
  const said = detail ? `: ${detail}` : ''

  if (status === 401 && code === 'missing_two_factor')
    return peerTubeFailure(
      'otp-required',
      'auth/invalid-credentials',
      'Enter the one-time code from your authenticator app.',
      extra,
    )
  if (code === 'invalid_two_factor')
    return peerTubeFailure(
      'otp-invalid',
      'auth/invalid-credentials',
      'The one-time code is wrong or expired. Try the current one.',
      extra,
    )
  if (status === 401 && code === 'invalid_token')
    return peerTubeFailure(
      'token-invalid',
      'auth/invalid-credentials',
      'PeerTube did not accept the session. Sign in again.',
      extra,
    )
  if (status === 401)
    return peerTubeFailure(
      'unauthenticated',
      'auth/invalid-credentials',
      'PeerTube needs you to be signed in for this. Sign in again.',
      extra,
    )
  if (status === 403)
    return peerTubeFailure(
      'forbidden',
      'auth/forbidden',
      `${what} is not allowed for this account${said}.`,
      extra,
    )
  if (status === 404 && engineCode === 'FileNotFound')
    return peerTubeFailure(
      'upload-gone',
      'upload/session-expired',
      'The upload is no longer on the server (finished, cancelled or purged).',
      extra,
    )
  if (status === 404)
    return peerTubeFailure(
      'not-found',
      'api/not-found',
      `${what} failed: not found${said}. It may have been deleted.`,
      extra,
    )
  if (status === 409)
    return peerTubeFailure(
      'upload-conflict',
      'api/conflict',
      `${what} conflicts with what the server holds${said}.`,
      retry,
    )
  if (status === 413 && code === 'quota_reached')
    return peerTubeFailure(
      'quota-exceeded',
      'upload/rejected',
      `The video quota of this account is used up${said}.`,
      extra,
    )
  if (status === 413)
    return peerTubeFailure(
      'chunk-too-large',
      'upload/rejected',
      'A proxy in front of PeerTube refused the chunk as too large; Spool will send smaller chunks.',
      { ...extra, retryable: true },
    )
  if (status === 415 || status === 422)
    return peerTubeFailure('file-refused', 'upload/not-media', `PeerTube refused the file${said}.`, extra)
  if (status === 423)
    return peerTubeFailure(
      'upload-locked',
      'upload/locked',
      'Another request on this upload is still running.',
      retry,
    )
  if (status === 429)
    return peerTubeFailure(
      'rate-limited',
      'api/rate-limited',
      'PeerTube is rate-limiting requests. Spool will slow down and try again.',
      retry,
    )
  if (status === 503 && /being processed/i.test(detail ?? ''))
    return peerTubeFailure(
      'processing',
      'api/server',
      'PeerTube is turning the finished upload into a video.',
      { ...extra, retryable: true, retryAfterMs: PROCESSING_RECHECK_MS },
    )
  if (status >= 500)
    return peerTubeFailure('server', 'api/server', `PeerTube had a server error (${status})${said}.`, retry)
  if (
    status === 400 &&
    (parsed.problem?.['invalid-params'] || /incorrect request parameters/i.test(detail ?? ''))
  )
    return peerTubeFailure('validation', 'api/validation', `${what} was refused as invalid${said}.`, extra)
  return peerTubeFailure(
    'other',
    'api/bad-request',
    `${what} was refused${said || ` (HTTP ${status})`}.`,
    extra,
  )
}
