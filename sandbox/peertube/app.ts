import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultConfig } from '../faults.ts'
import type { StatsRegistry } from '../stats.ts'
import type { Throttle } from '../throttle.ts'
import type { PtStore, UserRecord } from './store.ts'

/** Settings fixed at start-up. */
export type PtSettings = {
  /** Access token lifetime in ms (PeerTube: 1 day, `expires_in` 86399). */
  accessTokenLifetimeMs: number
  /** Refresh token lifetime in ms (PeerTube: 2 weeks). */
  refreshTokenLifetimeMs: number
  /** Transcoding on (state 2 then 1, more extensions accepted) or off (published at once, .mp4/.webm/.ogv). */
  transcoding: boolean
  /** How long a video stays in state 2 "To transcode". */
  transcodingDelayMs: number
  /** How long the final step (file → video) takes; probes meanwhile get 503 + Retry-After 300. */
  finalizeDelayMs: number
  /** Torrent fields are null this long after the final 200 (a background job on the real server). */
  torrentDelayMs: number
  /** An upload idle this long is purged (then 404). */
  uploadIdleTimeoutMs: number
  /** `client.videos.resumableUpload.maxChunkSize` of GET /config (0 = not set, as captured). */
  maxChunkSize: number
  /** API requests per 10 s window and per caller (PeerTube's default is 50; the captured instance 500). */
  apiRateLimit: number
  /**
   * A reverse proxy's body-size limit in bytes (0 = none): a chunk PUT larger than this gets the proxy's
   * bare 413 (HTML, no problem+json), as behind nginx's client_max_body_size or Cloudflare's 100 MB.
   */
  proxyBodyLimit: number
  /**
   * Caption PUTs, from the start, that answer 204 and keep nothing, as a busy real 6.3.2 sometimes does (its
   * caption transaction, retried after a database error, saves nothing); counted down as they happen.
   */
  captionsLost: number
  /**
   * Thumbnail PUTs, from the start, that answer 500 "ENOENT … storage/tmp/<hex>.png", as a busy real 6.3.2 did
   * (its video update, retried after a serialization failure, looked for the image its first attempt had
   * taken); counted down as they happen.
   */
  thumbnailErrors: number
}

/** Everything a handler needs; one per running PeerTube sandbox. */
export type PtApp = {
  store: PtStore
  settings: PtSettings
  faults: FaultConfig
  /** `rate-limit=N` fault: overrides `apiRateLimit` while set (0 = off). */
  rateLimitOverride: number
  stats: StatsRegistry
  throttle: Throttle
  /** `http://127.0.0.1:PORT` */
  origin: string
  /** `127.0.0.1:PORT` */
  host: string
  log: (line: string) => void
  /** Uploads being written to ('put') or turned into a video ('processing'). */
  locks: Map<string, 'put' | 'processing'>
  background: Set<Promise<unknown>>
}

/** What a route handler receives. */
export type Ctx = {
  app: PtApp
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string | undefined>
  query: URLSearchParams
  /** The authenticated user (undefined on public routes and for anonymous optional-auth calls). */
  user: UserRecord | undefined
  /** The bearer token used, for revoke-token. */
  token: string | undefined
}

/** A handler's answer; `undefined` when it wrote the response itself. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | undefined

/** One API route. `auth`: required, optional (a bad token is still a 401), or none. */
export type PtRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  auth: 'required' | 'optional' | 'none'
  /** OpenAPI operation id for the `docs` link of problem bodies. */
  docs?: string
  /** Counted by the login limiter instead of the API limiter. */
  login?: boolean
  handler: (ctx: Ctx) => Promise<Reply> | Reply
}

/** The user's own user, or a 403 when it is neither the owner nor an administrator. */
export function isAdmin(user: UserRecord | undefined): boolean {
  return user?.role === 0
}
