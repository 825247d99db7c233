import http from 'node:http'
import https from 'node:https'
import { AppFailure, appError, type AppError } from '../../../common/ipc/result.ts'
import { parseRetryAfter } from '../../../common/domain/backoff.ts'
import type { ChunkRequest, ChunkSource, ResumableSession, SessionStatus } from '../provider.ts'
import { redact } from '../../logging/redact.ts'
import { toNetworkFailure, type NetworkWording } from '../../http/network-errors.ts'
import {
  contentRangeFor,
  isRetryableStatus,
  isSessionGoneStatus,
  parseGoogHash,
  persistedFromRange,
  statusRange,
} from './gcs-headers.ts'

/** Transport options for one session; the idle timeout is the stall watchdog (rclone's `--timeout`). */
export type GcsSessionOptions = Readonly<{
  /** Abort a request when no byte moved (either way) for this long. */
  idleTimeoutMs: number
  /** Keep-alive agents shared by every session of a port (one per scheme). */
  agents?: Readonly<{ http: http.Agent; https: https.Agent }>
}>

/** Default idle timeout: long enough for a slow link, short enough that a stalled socket is noticed. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000

type RawResponse = Readonly<{ status: number; headers: http.IncomingHttpHeaders; body: string }>

/** Splits a session URI into request options without re-encoding its query (NOTES.md §6: byte-for-byte). */
function target(uri: string): Readonly<{ secure: boolean; hostname: string; port: string; path: string }> {
  const url = new URL(uri)
  const afterScheme = uri.indexOf('//') + 2
  const pathStart = uri.indexOf('/', afterScheme)
  const path = pathStart < 0 ? '/' : uri.slice(pathStart).replace(/#.*$/, '')
  return { secure: url.protocol === 'https:', hostname: url.hostname, port: url.port, path }
}

const WORDING: NetworkWording = {
  unreachable: 'Cannot reach the upload server. Check your network connection.',
  interrupted: 'The connection to the upload server was interrupted.',
}

/**
 * Maps a socket-level error to a typed, retryable failure (aborts pass through untouched): `network/offline`
 * only when nothing can have reached the server, else `network/reset` (http/network-errors.ts decides).
 */
export function networkFailure(caught: unknown): unknown {
  return toNetworkFailure(caught, WORDING)
}

/** The failure a non-success session response stands for (never mentions the session URI). */
export function failureForStatus(response: RawResponse, nowMs: number): AppError {
  const { status } = response
  const detail = response.body ? redact(response.body.slice(0, 500)).trim() : undefined
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

type SendOptions = Readonly<{
  method: 'PUT' | 'POST' | 'DELETE'
  headers: Record<string, string>
  body?: ChunkSource
  signal?: AbortSignal
  onBytesSent?: (sent: number) => void
}>

/**
 * One HTTP exchange with a streamed body and an idle watchdog: the timer restarts whenever body bytes are
 * handed to the socket or response bytes arrive; when it fires, the request is destroyed and the caller
 * gets a retryable 'network/timeout' (then it re-queries the offset).
 */
export function exchange(uri: string, options: GcsSessionOptions, send: SendOptions): Promise<RawResponse> {
  const t = target(uri)
  const lib = t.secure ? https : http
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (error: unknown, value?: RawResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      send.signal?.removeEventListener('abort', onAbort)
      if (error !== undefined) reject(error instanceof Error ? error : new Error('request failed'))
      else resolve(value!)
    }
    const req = lib.request({
      method: send.method,
      hostname: t.hostname,
      port: t.port || undefined,
      path: t.path,
      headers: send.headers,
      agent: options.agents ? (t.secure ? options.agents.https : options.agents.http) : undefined,
    })
    const kick = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        const failure = new AppFailure(
          appError('network/timeout', 'The upload stalled: no data moved for a while.', { retryable: true }),
        )
        req.destroy(failure)
        finish(failure)
      }, options.idleTimeoutMs)
    }
    const onAbort = (): void => {
      const reason: unknown = send.signal?.reason
      const abort = reason instanceof Error ? reason : new DOMException('aborted', 'AbortError')
      req.destroy(abort)
      finish(abort)
    }
    if (send.signal?.aborted) return onAbort()
    send.signal?.addEventListener('abort', onAbort, { once: true })
    kick()
    req.on('error', (e) => finish(networkFailure(e)))
    req.on('response', (res) => {
      kick()
      const parts: Buffer[] = []
      let size = 0
      res.on('data', (d: Buffer) => {
        kick()
        // Only error bodies are read; keep at most 64 KiB of them.
        if (size < 65_536) parts.push(d)
        size += d.length
      })
      res.on('error', (e) => finish(networkFailure(e)))
      res.on('end', () =>
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
        }),
      )
    })
    const body = send.body
    if (!body) {
      req.end()
      return
    }
    let sent = 0
    body
      .writeTo(req, (bytes) => {
        kick()
        sent += bytes
        send.onBytesSent?.(sent)
      })
      .then(
        () => req.end(),
        (e: unknown) => {
          // A destroyed request (abort, watchdog, network error) settles through its own events; otherwise
          // the file failed and that is the outcome.
          if (req.destroyed) return
          req.destroy()
          finish(e)
        },
      )
  })
}

/** The GCS XML-API resumable protocol on one session URI (NOTES.md §11.3), over node:http streams. */
export function createGcsSession(uri: string, options: GcsSessionOptions): ResumableSession {
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
export async function initiateSession(signedUrl: string, options: GcsSessionOptions): Promise<string> {
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
