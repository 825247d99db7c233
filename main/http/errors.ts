import { RequestError, HTTPError, TimeoutError } from 'got'
import { z } from 'zod'
import { AppFailure, appError, type AppError, type FieldError } from '../../common/ipc/result.ts'
import { serverText } from './server-text.ts'
import { parseRetryAfter } from '../../common/domain/backoff.ts'
import { toNetworkFailure } from './network-errors.ts'

/** FastPix's error body (ARCHITECTURE.md §9). 422 bodies carry `fields[]` and no `description`. */
const FastPixErrorBody = z.object({
  success: z.literal(false).optional(),
  error: z
    .object({
      code: z.union([z.number(), z.string()]).optional(),
      message: z.string().optional(),
      description: z.string().optional(),
      fields: z.array(z.object({ field: z.string(), message: z.string() }).loose()).optional(),
    })
    .loose(),
})

/** Field complaints kept from one 422 (the message names them all; a server can send thousands). */
const MAX_FIELDS = 10

function serverWording(body: unknown): { message?: string; description?: string; fields?: FieldError[] } {
  let parsedBody = body
  if (typeof body === 'string') {
    try {
      parsedBody = JSON.parse(body) as unknown
    } catch {
      return {}
    }
  }
  const parsed = FastPixErrorBody.safeParse(parsedBody)
  if (!parsed.success) return {}
  // Everything the server wrote is bounded and made inert before it can reach a message (server-text.ts).
  const { message, description, fields } = parsed.data.error
  const clean = (text: string | undefined): string | undefined =>
    text ? serverText(text) || undefined : undefined
  return {
    message: clean(message),
    description: clean(description),
    fields: fields
      ?.slice(0, MAX_FIELDS)
      .map((f) => ({ field: serverText(f.field, 80), message: serverText(f.message, 160) })),
  }
}

/** Maps an HTTP status and FastPix error body to an AppError a user can act on. */
export function errorFromResponse(status: number, body: unknown, what = 'The request'): AppError {
  const { message, description, fields } = serverWording(body)
  const server = [message, description].filter(Boolean).join(': ')
  const detail = server ? serverText(server) : undefined
  const extra = { status, ...(detail ? { detail } : {}), ...(fields ? { fields } : {}) }
  if (status === 401)
    return appError(
      'auth/invalid-credentials',
      'FastPix rejected the Access Token ID or Secret Key. Check them in Accounts.',
      extra,
    )
  if (status === 403)
    return appError(
      'auth/forbidden',
      'This access token is not allowed to do that. Check its permissions in the FastPix dashboard.',
      extra,
    )
  if (status === 404)
    return appError('api/not-found', `${what} failed: not found. It may have been deleted.`, extra)
  if (status === 409)
    return appError(
      'api/conflict',
      `${what} conflicts with the current state${detail ? ` (${detail})` : ''}.`,
      extra,
    )
  if (status === 422) {
    const list = fields ? serverText(fields.map((f) => `${f.field} ${f.message}`).join('; ')) : undefined
    return appError(
      'api/validation',
      `${what} was refused as invalid${list ? `: ${list}` : detail ? `: ${detail}` : ''}.`,
      extra,
    )
  }
  if (status === 429)
    return appError(
      'api/rate-limited',
      'FastPix is rate-limiting requests. Spool will slow down and try again.',
      { ...extra, retryable: true },
    )
  if (status === 524)
    return appError('api/origin-timeout', 'FastPix took too long to answer (524). Try again in a moment.', {
      ...extra,
      retryable: true,
    })
  if (status >= 500)
    return appError('api/server', `FastPix had a server error (${status}). Try again in a moment.`, {
      ...extra,
      retryable: true,
    })
  if (status === 400 && /not ready/i.test(server))
    return appError('api/not-ready', 'The media is still processing; try again when it is Ready.', extra)
  return appError(
    'api/bad-request',
    `${what} was refused${detail ? `: ${detail}` : ` (HTTP ${status})`}.`,
    extra,
  )
}

/** Maps anything a got call can throw to an AppFailure; unknown values are passed through untouched. */
export function toHttpFailure(caught: unknown, what?: string): unknown {
  if (caught instanceof AppFailure) return caught
  if (caught instanceof HTTPError) {
    const error = errorFromResponse(caught.response.statusCode, caught.response.body, what)
    // A 429 or 503 may say when to come back; the engine waits at least that long (backoff.ts).
    const raw: unknown = caught.response.headers['retry-after']
    const header = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[0]) : undefined
    const retryAfterMs = parseRetryAfter(header, Date.now())
    return new AppFailure(error.retryable && retryAfterMs !== null ? { ...error, retryAfterMs } : error)
  }
  if (caught instanceof TimeoutError) {
    return new AppFailure(
      appError('network/timeout', 'The server did not answer in time. Check your connection.', {
        retryable: true,
      }),
    )
  }
  // Socket-level failures: one classifier decides offline (nothing sent) from interrupted (ambiguous).
  if (caught instanceof RequestError) return toNetworkFailure(caught)
  return caught
}
