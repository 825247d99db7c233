import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxApp } from './app.ts'
import { ApiError, notFound, readJson } from './http-util.ts'
import { mediaStatus } from './lifecycle.ts'
import type { MediaRecord } from './model.ts'
import { requireUuid } from './schemas.ts'

/** What a JSON API handler receives. */
export type RouteContext = {
  app: SandboxApp
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string | undefined>
  query: Record<string, string | string[] | undefined>
}

/** A JSON API handler's answer: HTTP status and the whole body. */
export type RouteResult = { status: number; body: unknown }

/** A JSON API handler. */
export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult> | RouteResult

/** One route of the JSON API. */
export type RouteDef = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  handler: RouteHandler
}

/** `{success:true,data}` with a status. */
export function ok(data: unknown, status = 200): RouteResult {
  return { status, body: { success: true, data } }
}

/** Reads the JSON body (undefined when empty). */
export function body(ctx: RouteContext): Promise<unknown> {
  return readJson(ctx.req)
}

/** The media named by the `mediaId` path parameter: 422 when not a uuid, 404 when unknown. */
export function requireMedia(ctx: RouteContext, param = 'mediaId'): MediaRecord {
  const id = requireUuid(param, ctx.params[param])
  const media = ctx.app.store.media(id)
  if (!media) throw notFound('Media')
  return media
}

/** Edits that need processed media answer 400 "not ready for updates" before Ready, as FastPix does. */
export function requireReady(media: MediaRecord): void {
  const status = mediaStatus(media, Date.now())
  if (status !== 'Ready')
    throw new ApiError(400, 'media not ready for updates', `The media is ${status}; wait until it is Ready`)
}

/** Saves a changed media item with a fresh updatedAt. */
export function touch(ctx: RouteContext, media: MediaRecord): void {
  media.updatedAtMs = Date.now()
  ctx.app.store.putMedia(media)
}
