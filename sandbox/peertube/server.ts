import { createHash, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import FindMyWay from 'find-my-way'
import { draw } from '../faults.ts'
import type { Ctx, PtApp, PtRoute } from './app.ts'
import { PtError, readBody, send, sendError } from './http.ts'
import { NO_TOKEN, oauthRoutes, resolveBearer } from './oauth.ts'
import { findVideo, videoRoutes } from './routes-videos.ts'
import { uploadRoutes } from './routes-uploads.ts'
import { userRoutes } from './routes-users.ts'
import { withLatency } from '../latency.ts'
import { placeholderPng } from '../placeholder-png.ts'

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
) => unknown

const API = '/api/v1'
const WINDOW_MS = 10_000
const LOGIN_LIMIT = { limit: 100, windowMs: 5 * 60_000 }

/** express-rate-limit's fixed windows, keyed by client address (one API and one login counter). */
class Limiter {
  private readonly windows = new Map<string, { resetAt: number; count: number }>()

  /** Counts a request; returns the headers to send and whether the request is over the limit. */
  hit(key: string, limit: number, windowMs: number): { headers: Record<string, string>; over: boolean } {
    const now = Date.now()
    let w = this.windows.get(key)
    if (!w || w.resetAt <= now) this.windows.set(key, (w = { resetAt: now + windowMs, count: 0 }))
    w.count++
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - w.count)),
      'x-ratelimit-reset': String(Math.ceil(w.resetAt / 1000)),
    }
    return { headers, over: w.count > limit }
  }

  /** Seconds until the key's window resets. */
  retryAfter(key: string): number {
    return Math.max(1, Math.ceil(((this.windows.get(key)?.resetAt ?? Date.now()) - Date.now()) / 1000))
  }
}

const TOO_MANY = 'Too many requests, please try again later.'

function apiHandler(app: PtApp, route: PtRoute, limiter: Limiter): Handler {
  return async (req, res, params) => {
    const instance = req.url ?? '/'
    let docs = route.docs
    try {
      res.setHeader('access-control-allow-origin', '*')
      res.setHeader('access-control-allow-credentials', 'true')
      res.setHeader('access-control-expose-headers', 'Retry-After')
      const key = `${route.login ? 'login' : 'api'}:${req.socket.remoteAddress ?? ''}`
      const limit = route.login ? LOGIN_LIMIT.limit : app.rateLimitOverride || app.settings.apiRateLimit
      const hit = limiter.hit(key, limit, route.login ? LOGIN_LIMIT.windowMs : WINDOW_MS)
      for (const [k, v] of Object.entries(hit.headers)) res.setHeader(k, v)
      if (hit.over) {
        const headers = { 'retry-after': String(limiter.retryAfter(key)) }
        throw new PtError(429, TOO_MANY, { headers }, { type: 'text/html; charset=utf-8', text: TOO_MANY })
      }
      app.stats.apiCalls++
      if (
        app.faults.apiError > 0 &&
        draw(app.faults.seed, 0x5a5a, app.stats.apiCalls, 9) < app.faults.apiError
      ) {
        app.stats.apiErrorsInjected++
        throw new PtError(503, 'Injected fault (api-error)')
      }
      let auth: ReturnType<typeof resolveBearer>
      try {
        auth = route.auth === 'none' ? undefined : resolveBearer(app, req)
      } catch (error) {
        if (route.auth === 'required') docs = undefined // required-auth failures carry no docs link (captures)
        throw error
      }
      if (!auth && route.auth === 'required') throw NO_TOKEN
      const query = new URL(instance, app.origin).searchParams
      const ctx: Ctx = { app, req, res, params, query, user: auth?.user, token: auth?.token }
      const reply = await route.handler(ctx)
      if (reply) send(res, reply.status, reply.body, reply.headers)
    } catch (error) {
      req.resume()
      if (error instanceof PtError) return sendError(res, error, instance, docs)
      app.log(
        `internal error on ${req.method} ${route.path}: ${error instanceof Error ? error.stack : String(error)}`,
      )
      sendError(res, new PtError(500, 'The sandbox failed unexpectedly'), instance)
    }
  }
}

/** Serves a stored file (whole, or one `Range: bytes=a-b`), 404 when missing. */
function serveFile(req: IncomingMessage, res: ServerResponse, path: string | undefined, type: string): void {
  if (!path || !existsSync(path)) return send(res, 404, 'Not found', {}, 'text/plain; charset=utf-8')
  const size = statSync(path).size
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
  const start = m ? Number(m[1]) : 0
  const end = m && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
  if (m && start >= size) return send(res, 416, '', { 'content-range': `bytes */${size}` }, 'text/plain')
  const headers: Record<string, string> = {
    'content-type': type,
    'content-length': String(end - start + 1),
    'accept-ranges': 'bytes',
    'access-control-allow-origin': '*',
  }
  if (m) headers['content-range'] = `bytes ${start}-${end}/${size}`
  res.writeHead(m ? 206 : 200, headers)
  if (req.method === 'HEAD') return void res.end()
  createReadStream(path, { start, end }).pipe(res)
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Basic `root:<password>` for the `/_sandbox/*` routes. */
function rootAuthorised(req: IncomingMessage, password: string): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  return (
    !!m && timingSafeEqual(digest(Buffer.from(m[1]!, 'base64').toString('utf8')), digest(`root:${password}`))
  )
}

/** Builds the request listener of the PeerTube sandbox. */
export function createPtHandler(app: PtApp, rootPassword: string, setFaults: (spec: string) => void) {
  const limiter = new Limiter()
  const router = FindMyWay({
    ignoreTrailingSlash: true,
    defaultRoute: (req, res) => {
      req.resume()
      // PeerTube answers unknown /api/v1 routes 400 with an empty body (capture 047).
      if ((req.url ?? '').startsWith(`${API}/`))
        return send(res, 400, '', {}, 'application/json; charset=utf-8')
      send(res, 404, 'Not found', {}, 'text/plain; charset=utf-8')
    },
  })
  const add = (method: string, path: string, handler: Handler) =>
    router.on(method as 'GET', path, (req, res, params) => {
      Promise.resolve()
        .then(() => handler(req, res, params))
        .catch((error: unknown) => {
          app.log(`unhandled: ${error instanceof Error ? error.stack : String(error)}`)
          if (!res.headersSent) send(res, 500, 'Internal error', {}, 'text/plain')
          else res.destroy()
        })
    })
  for (const route of [...oauthRoutes, ...userRoutes, ...uploadRoutes, ...videoRoutes])
    add(route.method, API + route.path, apiHandler(app, route, limiter))
  const byFile = (name: string | undefined) =>
    app.store.state.videos.find((v) => name?.startsWith(`${v.file.uuid}-`))
  const byUuid = (name: string | undefined) =>
    app.store.state.videos.find((v) => name?.startsWith(`${v.uuid}-`))
  const videoType = (ext: string) =>
    ext === '.webm' ? 'video/webm' : ext === '.ogv' ? 'video/ogg' : 'video/mp4'
  for (const method of ['GET', 'HEAD']) {
    for (const path of ['/static/web-videos/:name', '/static/web-videos/private/:name'])
      add(method, path, (req, res, p) => {
        const v = byFile(p.name)
        serveFile(req, res, v && app.store.videoPath(v), videoType(v?.file.ext ?? ''))
      })
    add(method, '/download/web-videos/:name', (req, res, p) => {
      const v = byUuid(p.name)
      serveFile(req, res, v && app.store.videoPath(v), videoType(v?.file.ext ?? ''))
    })
    // A video's thumbnail: a still generated from its uuid (the sandbox does not decode video), as PNG.
    add(method, '/lazy-static/thumbnails/:name', (req, res, p) => {
      const v = app.store.state.videos.find((x) => p.name === `${x.thumbnailUuid}.jpg`)
      if (!v) return send(res, 404, 'Not found', {}, 'text/plain; charset=utf-8')
      const png = placeholderPng(v.uuid)
      res.writeHead(200, {
        'content-type': 'image/png',
        'content-length': String(png.length),
        'access-control-allow-origin': '*',
      })
      res.end(req.method === 'HEAD' ? undefined : png)
    })
    add(method, '/lazy-static/video-captions/:name', (req, res, p) => {
      const c = app.store.state.videos
        .flatMap((v) => v.captions)
        .find((x) => p.name === `${x.fileUuid}-${x.language}.vtt`)
      serveFile(req, res, c && app.store.captionPath(c), 'text/vtt; charset=utf-8')
    })
  }
  const guarded =
    (inner: Handler): Handler =>
    async (req, res, params) => {
      if (!rootAuthorised(req, rootPassword)) {
        req.resume()
        return send(
          res,
          401,
          { error: 'root credentials required (HTTP Basic)' },
          { 'www-authenticate': 'Basic realm="PeerTube sandbox"' },
        )
      }
      await inner(req, res, params)
    }
  add(
    'GET',
    '/_sandbox/stats',
    guarded((_req, res) => send(res, 200, app.stats.snapshot())),
  )
  add(
    'GET',
    '/_sandbox/videos/:id/original',
    guarded((req, res, p) => {
      let video
      try {
        video = findVideo(app, p.id)
      } catch {
        return send(res, 404, 'Not found', {}, 'text/plain; charset=utf-8')
      }
      serveFile(req, res, app.store.videoPath(video), 'application/octet-stream')
    }),
  )
  add(
    'POST',
    '/_sandbox/faults',
    guarded(async (req, res) => {
      const text = (await readBody(req, 64 * 1024)).toString('utf8')
      let spec: unknown = text
      try {
        spec = (JSON.parse(text) as { faults?: unknown }).faults ?? ''
      } catch {
        // a bare spec string
      }
      try {
        if (typeof spec !== 'string') throw new Error('faults must be a string')
        setFaults(spec)
      } catch (error) {
        return send(res, 422, { error: (error as Error).message })
      }
      send(res, 200, { success: true, faults: app.faults, rateLimit: app.rateLimitOverride })
    }),
  )
  return withLatency(
    () => app.faults.latency,
    (req, res) => void router.lookup(req, res),
  )
}
