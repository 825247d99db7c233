import got, { type Got, type Method } from 'got'
import type { z } from 'zod'
import { appError, AppFailure } from '../../common/ipc/result.ts'
import { toHttpFailure } from './errors.ts'
import { assertLiteralPath } from './route.ts'
import { createLogger } from '../logging/log.ts'
import { createAgents, type Agents } from './agents.ts'

/** An account's credentials, read from the SecretStore when a request is made (never cached in a file). */
export type Credentials = Readonly<{ tokenId: string; secretKey: string }>

export type ApiClientConfig = Readonly<{
  /** e.g. `https://api.fastpix.com/v1` or the sandbox's `http://127.0.0.1:PORT/v1`. */
  apiUrl: string
  credentials: () => Promise<Credentials>
  userAgent?: string
  /** Retries for idempotent calls; the default is 4. */
  retryLimit?: number
  /** Connection agents (proxy from the environment by default: http/agents.ts). */
  agents?: Agents
}>

/** A configured API client: the got instance plus the one typed JSON call helper. */
export type ApiClient = Readonly<{
  got: Got
  /** Calls the API and parses the JSON body with `schema`; every failure becomes an AppFailure. */
  json<T>(method: Method, path: string, schema: z.ZodType<T>, options?: JsonCallOptions): Promise<T>
}>

export type JsonCallOptions = Readonly<{
  body?: unknown
  searchParams?: Record<string, string | number | boolean>
  signal?: AbortSignal
  /** How to describe the call in an error message ("Updating the title"). */
  what?: string
  /**
   * Retries of an idempotent call instead of the client's own (0 = one try): for calls the upload engine
   * makes inside its own retries, which count every server answer against their budget.
   */
  retryLimit?: number
}>

const log = createLogger('http')

/** Idempotent methods only: a POST (create) is never retried blindly (ARCHITECTURE.md §9). PATCHes here replace state. */
const RETRY_METHODS: Method[] = ['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/**
 * Builds the one got client of an account (ARCHITECTURE.md §2, §8.8): prefixUrl, Basic auth read from the
 * SecretStore on each request, per-phase timeouts, retries for idempotent calls on 408/429/5xx/524 and
 * connection errors honouring Retry-After. Upload chunks do not go through here; the queue retries those.
 */
export function createApiClient(config: ApiClientConfig): ApiClient {
  const instance = got.extend({
    prefixUrl: config.apiUrl.replace(/\/+$/, ''),
    agent: config.agents ?? createAgents(),
    headers: { 'user-agent': config.userAgent ?? 'Spool/0.1 (desktop uploader)' },
    timeout: { lookup: 5_000, connect: 10_000, secureConnect: 10_000, send: 30_000, response: 30_000 },
    retry: {
      limit: config.retryLimit ?? 4,
      methods: RETRY_METHODS,
      statusCodes: [408, 429, 500, 502, 503, 504, 524],
      backoffLimit: 10_000,
      noise: 100, // got 16 refuses more than ±100 ms
      maxRetryAfter: 60_000,
    },
    hooks: {
      beforeRequest: [
        async (options) => {
          const { tokenId, secretKey } = await config.credentials()
          const basic = Buffer.from(`${tokenId}:${secretKey}`).toString('base64')
          options.headers.authorization = `Basic ${basic}`
        },
      ],
      beforeRetry: [
        (error, retryCount) => {
          log.warn('retrying request', { retryCount, code: error.code, status: error.response?.statusCode })
        },
      ],
    },
  })

  async function json<T>(
    method: Method,
    path: string,
    schema: z.ZodType<T>,
    options: JsonCallOptions = {},
  ): Promise<T> {
    const relative = assertLiteralPath(config.apiUrl, path)
    let body: unknown
    try {
      const response = await instance(relative, {
        method,
        ...(options.body !== undefined ? { json: options.body } : {}),
        ...(options.searchParams ? { searchParams: options.searchParams } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.retryLimit !== undefined ? { retry: { limit: options.retryLimit } } : {}),
        responseType: 'text',
      })
      body = response.body ? (JSON.parse(response.body) as unknown) : null
    } catch (caught) {
      if (caught instanceof SyntaxError) {
        throw new AppFailure(
          appError('api/malformed-response', 'The server sent a reply Spool cannot read (not JSON).'),
        )
      }
      throw toHttpFailure(caught, options.what)
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      log.warn('malformed response', {
        method,
        path: path.split('?')[0],
        issues: parsed.error.issues.slice(0, 5),
      })
      throw new AppFailure(
        appError(
          'api/malformed-response',
          'The server sent a reply in an unexpected shape. Spool did not change anything.',
          {
            detail: parsed.error.issues
              .slice(0, 3)
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; '),
          },
        ),
      )
    }
    return parsed.data
  }

  return { got: instance, json }
}
