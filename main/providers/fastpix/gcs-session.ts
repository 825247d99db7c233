import { AppFailure, appError, type AppError } from '../../../common/ipc/result.ts'
import { parseRetryAfter } from '../../../common/domain/backoff.ts'
import type { ChunkRequest, ResumableSession, SessionStatus } from '../provider.ts'
import { serverText } from '../../http/server-text.ts'
import { exchange, type ExchangeOptions, type RawResponse } from '../../http/exchange.ts'
import {
  contentRangeFor,
  isRetryableStatus,
  isSessionGoneStatus,
  parseGoogHash,
  persistedFromRange,
  statusRange,
} from './gcs-headers.ts'

/** Transport options of a session (the stall watchdog and the keep-alive agents). */
export type GcsSessionOptions = ExchangeOptions

/** Default idle timeout: long enough for a slow link, short enough that a stalled socket is noticed. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000

/** The failure a non-success session response stands for (never mentions the session URI). */
export function failureForStatus(response: RawResponse, nowMs: number): AppError {
  const { status } = response
  // The storage server's body is untrusted text: bounded and made inert (server-text.ts).
  const detail = response.body ? serverText(response.body) || undefined : undefined
  const extra = { status, ...(detail ? { detail } : {}) }
  if (isSessionGoneStatus(status))
    return appError(
      'upload/session-expired',
      'The upload session expired; Spool will start a new upload.',
      extra,
    )
  if (isRetryableStatus(status)) {
    const raw: unknown = response.headers['retry-after']
    const ra = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[0]) : undefined
    const retryAfterMs = parseRetryAfter(ra, nowMs)
    const base = { ...extra, retryable: true, ...(retryAfterMs !== null ? { retryAfterMs } : {}) }
    if (status === 429)
      return appError('api/rate-limited', 'The upload server asked Spool to slow down.', base)
    if (status === 408) return appError('network/timeout', 'The upload server timed out the request.', base)
    return appError('api/server', `The upload server had an error (${status}).`, base)
  }
  return appError(
    'upload/rejected',
    `The upload server refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}.`,
    extra,
  )
}

/** Turns a response into a session status: 308 → persisted, 200/201 → complete, else a failure. */
export function statusFromResponse(response: RawResponse, nowMs: number): SessionStatus {
  if (response.status === 308) {
    const persisted = persistedFromRange(response.headers.range)
    if (persisted === null)
      throw new AppFailure(
        appError('upload/rejected', 'The upload server sent an unreadable Range header.', { status: 308 }),
      )
    return { complete: false, persisted }
  }
  if (response.status === 200 || response.status === 201)
    return { complete: true, hashes: parseGoogHash(response.headers['x-goog-hash']) }
  throw new AppFailure(failureForStatus(response, nowMs))
}

/** The GCS XML-API resumable protocol on one session URI (ARCHITECTURE.md §9), over node:http streams. */
export function createGcsSession(uri: string, options: ExchangeOptions): ResumableSession {
  return {
    async queryStatus(total, signal) {
      const res = await exchange(uri, options, {
        method: 'PUT',
        headers: { 'content-length': '0', 'content-range': statusRange(total) },
        signal,
      })
      return statusFromResponse(res, Date.now())
    },
    async sendChunk(chunk: ChunkRequest) {
      const res = await exchange(uri, options, {
        method: 'PUT',
        headers: {
          'content-length': String(chunk.length),
          'content-range': contentRangeFor(chunk.start, chunk.length, chunk.total),
          'content-type': 'application/octet-stream',
        },
        body: chunk.body,
        signal: chunk.signal,
        ...(chunk.onBytesSent ? { onBytesSent: chunk.onBytesSent } : {}),
      })
      return statusFromResponse(res, Date.now())
    },
    async terminate(signal) {
      // GCS answers 499 on success; anything else (already gone: 404/410) is fine too.
      await exchange(uri, options, { method: 'DELETE', headers: { 'content-length': '0' }, signal })
    },
  }
}

/**
 * Initiates a session on a plain signed URL (older FastPix responses without `upload_id=`): POST with
 * `x-goog-resumable: start`, the session URI is the Location header.
 */
export async function initiateSession(signedUrl: string, options: ExchangeOptions): Promise<string> {
  const res = await exchange(signedUrl, options, {
    method: 'POST',
    headers: {
      'x-goog-resumable': 'start',
      'content-length': '0',
      'content-type': 'application/octet-stream',
    },
  })
  const location = res.headers.location
  if ((res.status === 200 || res.status === 201) && location) return location
  if (res.status === 200 || res.status === 201)
    throw new AppFailure(appError('upload/rejected', 'The upload server returned no session URI.'))
  throw new AppFailure(failureForStatus(res, Date.now()))
}
