import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import FindMyWay from 'find-my-way'
import type { SandboxApp } from './app.ts'
import { draw, parseFaults } from './faults.ts'
import { ApiError, readJson, sendError, sendJson } from './http-util.ts'
import type { RouteDef } from './route-kit.ts'
import { mediaRoutes } from './routes-media.ts'
import { serveFile, servePlaylist, serveSegment, serveSubtitle, serveThumbnail } from './routes-raw.ts'
import { trackRoutes } from './routes-tracks.ts'
import { uploadRoutes } from './routes-uploads.ts'
import { handleSession } from './session.ts'
import { withLatency } from './latency.ts'

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Checks HTTP Basic credentials in constant time. */
function authorised(app: SandboxApp, req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? ''
  const match = /^Basic\s+(\S+)$/i.exec(header)
  if (!match) return false
  const expected = `${app.identity.username}:${app.identity.password}`
  return timingSafeEqual(digest(Buffer.from(match[1]!, 'base64').toString('utf8')), digest(expected))
}

const UNAUTHORISED = new ApiError(
  401,
  'Unauthorized',
  'Missing or invalid credentials (HTTP Basic: Access Token ID and Secret Key)',
  undefined,
  {
    'www-authenticate': 'Basic realm="FastPix sandbox"',
  },
)

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
) => Promise<void>

/** Wraps a JSON API route: Basic auth, injected API errors, FastPix error bodies, never a 500 for bad input. */
function jsonRoute(app: SandboxApp, route: RouteDef): Handler {
  return async (req, res, params) => {
    try {
      if (!authorised(app, req)) throw UNAUTHORISED
      app.stats.apiCalls++
      if (
        app.faults.apiError > 0 &&
        draw(app.faults.seed, 0x5a5a, app.stats.apiCalls, 9) < app.faults.apiError
      ) {
        app.stats.apiErrorsInjected++
        const status = app.faults.apiStatus
        throw new ApiError(
          status,
          status === 429 ? 'Too Many Requests' : 'Service Unavailable',
          'Injected fault (api-error)',
          undefined,
          status === 429 ? { 'retry-after': '1' } : {},
        )
      }
      const query = Object.fromEntries(new URL(req.url ?? '/', app.origin).searchParams)
      const result = await route.handler({ app, req, res, params, query })
      sendJson(res, result.status, result.body)
    } catch (error) {
      req.resume()
      if (error instanceof ApiError) return sendError(res, error)
      app.log(
        `internal error on ${req.method} ${route.path}: ${error instanceof Error ? error.stack : String(error)}`,
      )
      sendError(res, new ApiError(500, 'Internal Server Error', 'The sandbox failed unexpectedly'))
    }
  }
}

/** The `/_sandbox/*` control routes (same Basic auth as the API). */
function controlRoutes(app: SandboxApp, setFaults: (spec: string) => void): Array<[string, string, Handler]> {
  const guarded =
    (inner: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void): Handler =>
    async (req, res) => {
      try {
        if (!authorised(app, req)) throw UNAUTHORISED
        await inner(req, res)
      } catch (error) {
        req.resume()
        sendError(
          res,
          error instanceof ApiError ? error : new ApiError(500, 'Internal Server Error', String(error)),
        )
      }
    }
  return [
    ['GET', '/_sandbox/stats', guarded((_req, res) => sendJson(res, 200, app.stats.snapshot()))],
    [
      'POST',
      '/_sandbox/faults',
      guarded(async (req, res) => {
        const raw = await readJson(req).catch(() => undefined)
        const spec = typeof raw === 'string' ? raw : ((raw as { faults?: unknown } | undefined)?.faults ?? '')
        if (typeof spec !== 'string')
          throw new ApiError(422, 'payload validation failed', undefined, [
            { field: 'faults', message: 'must be a string' },
          ])
        try {
          parseFaults(spec)
        } catch (error) {
          throw new ApiError(422, 'payload validation failed', undefined, [
            { field: 'faults', message: (error as Error).message },
          ])
        }
        setFaults(spec)
        sendJson(res, 200, { success: true, data: app.faults })
      }),
    ],
  ]
}

/** Builds the request listener: JSON API, session URIs, stream host, files and control routes. */
export function createRequestHandler(app: SandboxApp, setFaults: (spec: string) => void) {
  const router = FindMyWay({
    ignoreTrailingSlash: true,
    defaultRoute: (req, res) => {
      req.resume()
      sendError(
        res,
        new ApiError(
          404,
          'Not found',
          `No route for ${req.method} ${new URL(req.url ?? '/', app.origin).pathname}`,
        ),
      )
    },
  })
  const add = (method: string, path: string, handler: Handler) =>
    router.on(method as 'GET', path, (req, res, params) => {
      handler(req, res, params).catch((error: unknown) => {
        app.log(`unhandled: ${error instanceof Error ? error.stack : String(error)}`)
        if (!res.headersSent)
          sendError(res, new ApiError(500, 'Internal Server Error', 'The sandbox failed unexpectedly'))
        else res.destroy()
      })
    })
  for (const route of [...uploadRoutes, ...mediaRoutes, ...trackRoutes])
    add(route.method, route.path, jsonRoute(app, route))
  for (const method of ['PUT', 'POST', 'DELETE', 'GET', 'PATCH', 'HEAD'])
    add(method, '/upload/:workspaceId/:uploadId', (req, res, p) =>
      handleSession(app, req, res, p.uploadId ?? ''),
    )
  for (const method of ['GET', 'HEAD'])
    add(method, '/_sandbox/files/:token', (req, res, p) => serveFile(app, req, res, p.token ?? ''))
  add('GET', '/stream/:playbackId/thumbnail.png', (_req, res, p) => serveThumbnail(app, res, p.playbackId))
  add('GET', '/stream/:playbackId.m3u8', (_req, res, p) => servePlaylist(app, res, p.playbackId))
  add('GET', '/stream/:playbackId/hls/:file', (_req, res, p) => serveSegment(app, res, p.playbackId, p.file))
  add('GET', '/stream/:playbackId/text/:file', (_req, res, p) =>
    Promise.resolve(serveSubtitle(app, res, p.playbackId, p.file)),
  )
  for (const [method, path, handler] of controlRoutes(app, setFaults)) add(method, path, handler)
  return withLatency(
    () => app.faults.latency,
    (req, res) => void router.lookup(req, res),
  )
}
