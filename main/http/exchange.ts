import http from 'node:http'
import https from 'node:https'
import { AppFailure, appError } from '../../common/ipc/result.ts'
import type { ChunkSource } from '../providers/provider.ts'
import { abortReason, toNetworkFailure, type NetworkWording } from './network-errors.ts'

/**
 * One HTTP exchange with a streamed request body and a stall watchdog, for the resumable upload protocols
 * (GCS sessions for FastPix, PeerTube's resumable endpoint). Bodies stream from disk; nothing is buffered.
 */

/** Transport options for one session; the idle timeout is the stall watchdog (rclone's `--timeout`). */
export type ExchangeOptions = Readonly<{
  /** Abort a request when no byte moved (either way) for this long. */
  idleTimeoutMs: number
  /** Keep-alive agents shared by every session of a port (one per scheme). */
  agents?: Readonly<{ http: http.Agent; https: https.Agent }>
}>

export type RawResponse = Readonly<{ status: number; headers: http.IncomingHttpHeaders; body: string }>

/** Splits a session URI into request options without re-encoding its query (ARCHITECTURE.md §9: byte-for-byte). */
function target(uri: string): Readonly<{ secure: boolean; hostname: string; port: string; path: string }> {
  const url = new URL(uri)
  const afterScheme = uri.indexOf('//') + 2
  const pathStart = uri.indexOf('/', afterScheme)
  const path = pathStart < 0 ? '/' : uri.slice(pathStart).replace(/#.*$/, '')
  return { secure: url.protocol === 'https:', hostname: url.hostname, port: url.port, path }
}

/** Whether `uri` is an absolute http(s) URL with a host. */
function isHttpAddress(uri: string): boolean {
  try {
    const url = new URL(uri)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
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
export function exchange(uri: string, options: ExchangeOptions, send: SendOptions): Promise<RawResponse> {
  if (!isHttpAddress(uri))
    // A stored address no session can live at (file:, relative, garbage) would otherwise be "sent" to
    // localhost and fail as if offline, forever: it is a dead session, so the job starts a fresh upload.
    return Promise.reject(
      new AppFailure(
        appError(
          'upload/session-expired',
          'The upload address is not an http(s) URL; Spool will start a new upload.',
        ),
      ),
    )
  // Aborted before it began (a pause or cancel landed while the file was read): nothing is sent.
  if (send.signal?.aborted) return Promise.reject(abortReason(send.signal))
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
    // Listening before anything can destroy the request: an 'error' event with no listener would be thrown
    // out of the process as an uncaught exception.
    req.on('error', (e) => finish(networkFailure(e)))
    const onAbort = (): void => {
      const abort = abortReason(send.signal!)
      req.destroy(abort)
      finish(abort)
    }
    send.signal?.addEventListener('abort', onAbort, { once: true })
    kick()
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
