import type { IncomingMessage, ServerResponse } from 'node:http'

/** One entry of a 422 `fields[]` list. */
export type FieldError = { field: string; message: string }

/** An error that a route throws to answer with FastPix's error body. */
export class ApiError extends Error {
  readonly status: number
  readonly description: string | undefined
  readonly fields: FieldError[] | undefined
  readonly headers: Record<string, string>

  constructor(
    status: number,
    message: string,
    description?: string,
    fields?: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(message)
    this.status = status
    this.description = description
    this.fields = fields
    this.headers = headers
  }
}

/** A 404 for an id the sandbox does not know. */
export function notFound(what: string): ApiError {
  return new ApiError(404, `${what} not found`, `The requested ${what.toLowerCase()} does not exist`)
}

/** A 422 in FastPix's validation shape (fields, no description). */
export function invalid(fields: FieldError[]): ApiError {
  return new ApiError(422, 'payload validation failed', undefined, fields)
}

// FastPix answers `application/json;charset=UTF-8` (no space); clients must match on the prefix anyway.
const JSON_TYPE = 'application/json;charset=UTF-8'

/** Sends a JSON body with FastPix's content type. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

/** Sends FastPix's error body: `{success:false,error:{code,message,description|fields}}`. */
export function sendError(res: ServerResponse, error: ApiError): void {
  const inner: Record<string, unknown> = { code: error.status, message: error.message }
  if (error.fields) inner.fields = error.fields
  else if (error.description !== undefined) inner.description = error.description
  sendJson(res, error.status, { success: false, error: inner }, error.headers)
}

const MAX_JSON_BYTES = 1024 * 1024

/** Reads and parses a JSON request body; malformed or oversized bodies become 4xx ApiErrors. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_JSON_BYTES)
      throw new ApiError(413, 'Payload too large', 'JSON bodies are limited to 1 MiB')
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ApiError(400, 'Invalid JSON', 'The request body is not valid JSON')
  }
}

/** RFC 3339 with microseconds, as FastPix writes timestamps (`2026-05-20T12:50:15.662960Z`). */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z')
}
