import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATUS_CODES } from 'node:http'

// PeerTube 6.3.2's two error shapes (captures README): problem+json from PeerTube itself, and uploadx's own
// `{"error":{"code","message"}}` (application/json, no charset) on the resumable routes.

const DOCS = 'https://docs.joinpeertube.org/api-rest-reference.html'
const JSON_TYPE = 'application/json; charset=utf-8'

/** One entry of `invalid-params` (express-validator's shape). */
export type InvalidParam = { value?: unknown; msg: string; location: 'body' | 'params' | 'query' | 'headers' }

/** Options of a problem body. */
export type ProblemOptions = {
  /** Specific error code: `type` becomes `…#section/Errors/<code>` and `title` is dropped. */
  code?: string
  /** Validation errors by field; adds `instance` (the request path) and `invalid-params`. */
  invalid?: Record<string, InvalidParam>
  /** Never add the route's `docs` link (authentication failures on required-auth routes have none). */
  noDocs?: boolean
  headers?: Record<string, string>
}

/** An error a handler throws; the router turns it into the response. */
export class PtError extends Error {
  readonly status: number
  readonly options: ProblemOptions
  /** A raw body instead of a problem (uploadx JSON, the limiter's text, the empty 400). */
  readonly raw: { type?: string; text: string } | undefined

  constructor(status: number, detail: string, options: ProblemOptions = {}, raw?: PtError['raw']) {
    super(detail)
    this.status = status
    this.options = options
    this.raw = raw
  }
}

/** `400 Incorrect request parameters: a, b` with `invalid-params`. */
export function invalidParams(params: Record<string, InvalidParam>): PtError {
  return new PtError(400, `Incorrect request parameters: ${Object.keys(params).join(', ')}`, {
    invalid: params,
  })
}

/** uploadx's JSON error (FileNotFound, Forbidden, FileConflict, FileLocked). */
export function uploadxError(status: number, code: string, message: string): PtError {
  return new PtError(
    status,
    message,
    { headers: { 'cache-control': 'no-store' } },
    {
      type: 'application/json',
      text: JSON.stringify({ error: { code, message } }),
    },
  )
}

/** The problem+json body of an error, with `docs` for the route's operation when it has one. */
export function problemBody(
  error: PtError,
  instance: string,
  docsOperation?: string,
): Record<string, unknown> {
  const { code, invalid, noDocs } = error.options
  const body: Record<string, unknown> = code
    ? { type: `${DOCS}#section/Errors/${code}` }
    : { type: 'about:blank', title: STATUS_CODES[error.status] ?? 'Error' }
  body.detail = error.message
  if (invalid) body.instance = instance
  body.status = error.status
  if (invalid)
    body['invalid-params'] = Object.fromEntries(
      Object.entries(invalid).map(([path, p]) => [
        path,
        {
          type: 'field',
          ...('value' in p ? { value: p.value } : {}),
          msg: p.msg,
          path,
          location: p.location,
        },
      ]),
    )
  if (docsOperation && !noDocs) body.docs = `${DOCS}#operation/${docsOperation}`
  if (code) body.code = code
  body.error = error.message
  return body
}

/** Writes a response; `body` undefined means an empty body. */
export function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
  type = JSON_TYPE,
): void {
  if (res.headersSent || res.destroyed) return
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  if (status === 308) res.statusMessage = 'Resume Incomplete'
  const all: Record<string, string> = { ...headers }
  if (body !== undefined) all['content-type'] = type
  if (status !== 204) all['content-length'] = String(Buffer.byteLength(text))
  res.writeHead(status, all)
  res.end(status === 204 ? undefined : text)
}

/** Sends an error in its own shape. */
export function sendError(res: ServerResponse, error: PtError, instance: string, docs?: string): void {
  const headers = error.options.headers ?? {}
  if (error.raw) {
    if (error.raw.text === '' && error.raw.type === undefined)
      return send(res, error.status, undefined, headers)
    return send(res, error.status, error.raw.text, headers, error.raw.type)
  }
  send(
    res,
    error.status,
    problemBody(error, instance, docs),
    headers,
    'application/problem+json; charset=utf-8',
  )
}

/** Reads a whole (small) request body; over `limit` bytes is a 413. */
export async function readBody(req: IncomingMessage, limit = 32 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new PtError(413, 'Request entity too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** An uploaded file of a multipart body. */
export type FilePart = { filename: string; contentType: string; data: Buffer }

/** Fields (`tags[0]` style keys collapse into arrays) and files of a request body. */
export type ParsedBody = { fields: Record<string, unknown>; files: Record<string, FilePart> }

function collapseArrays(flat: Array<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of flat) {
    const m = /^(.+)\[(\d*)\]$/.exec(key)
    if (m) {
      const list = Array.isArray(out[m[1]!]) ? (out[m[1]!] as unknown[]) : []
      list.push(value)
      out[m[1]!] = list
    } else out[key] = value
  }
  return out
}

function parseMultipart(buf: Buffer, contentType: string): ParsedBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!boundary) throw new PtError(400, 'Malformed multipart body')
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const flat: Array<[string, string]> = []
  const files: Record<string, FilePart> = {}
  let at = buf.indexOf(delimiter)
  while (at >= 0) {
    const start = at + delimiter.length
    if (buf.subarray(start, start + 2).toString() === '--') break
    const next = buf.indexOf(delimiter, start)
    if (next < 0) break
    const part = buf.subarray(start + 2, next - 2) // skip CRLF after the delimiter and before the next one
    const split = part.indexOf('\r\n\r\n')
    const head = part.subarray(0, split).toString('utf8')
    const data = part.subarray(split + 4)
    const name = /name="([^"]*)"/i.exec(head)?.[1]
    const filename = /filename="([^"]*)"/i.exec(head)?.[1]
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream'
    if (name !== undefined && filename !== undefined)
      files[name] = { filename, contentType: type.trim(), data }
    else if (name !== undefined) flat.push([name, data.toString('utf8')])
    at = next
  }
  return { fields: collapseArrays(flat), files }
}

/** Parses a JSON, urlencoded or multipart body (empty → no fields). */
export async function readFields(req: IncomingMessage): Promise<ParsedBody> {
  const buf = await readBody(req)
  const type = req.headers['content-type'] ?? ''
  if (buf.length === 0) return { fields: {}, files: {} }
  if (/^multipart\/form-data/i.test(type)) return parseMultipart(buf, type)
  if (/^application\/x-www-form-urlencoded/i.test(type))
    return { fields: collapseArrays([...new URLSearchParams(buf.toString('utf8'))]), files: {} }
  try {
    const value = JSON.parse(buf.toString('utf8')) as unknown
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
    return { fields: value as Record<string, unknown>, files: {} }
  } catch {
    throw new PtError(400, 'Malformed JSON body')
  }
}
