import got, { HTTPError, type Got, type Method } from 'got'
import type { z } from 'zod'
import { createAgents, type Agents } from '../../http/agents.ts'
import { toHttpFailure } from '../../http/errors.ts'
import { createLogger } from '../../logging/log.ts'
import type { CertificateCheck } from './certificate-trust.ts'
import { failureFromResponse, hasReason, peerTubeFailure } from './errors.ts'
import type { OAuthSession } from './oauth.ts'

/** A body for one request; a factory so the request can be sent again after a token refresh. */
export type RequestBody =
  | Readonly<{ json: unknown }>
  | Readonly<{ form: Record<string, string> }>
  | Readonly<{ multipart: () => Promise<FormData> }>

export type SendOptions = Readonly<{
  body?: RequestBody
  headers?: Record<string, string>
  signal?: AbortSignal
  /** How to describe the call in an error ("Updating the video"). */
  what?: string
  /** Skip the bearer (public routes). */
  anonymous?: boolean
}>

export type RawResponse = Readonly<{
  status: number
  headers: Readonly<Record<string, string | string[] | undefined>>
  body: string
}>

/** One PeerTube account's API client: bearer auth from the OAuth session, typed failures. */
export type PeerTubeApiClient = Readonly<{
  instanceUrl: string
  session: OAuthSession
  /** Sends and returns the raw response; any status ≥ 400 becomes a PeerTubeFailure. */
  send(method: Method, url: URL, options?: SendOptions): Promise<RawResponse>
  /** Sends and parses the JSON body with `schema`. */
  json<T>(method: Method, url: URL, schema: z.ZodType<T>, options?: SendOptions): Promise<T>
  /** Sends and ignores the body (204s, and PeerTube's empty 204 with a JSON content type). */
  noContent(method: Method, url: URL, options?: SendOptions): Promise<void>
  /**
   * GETs a public file of the instance (a video's thumbnail) as bytes, without the bearer, through the
   * account's agents (proxy, pinned certificate); only on the instance's own origin.
   */
  image(url: URL, signal?: AbortSignal): Promise<Readonly<{ contentType: string; bytes: Uint8Array }>>
  /** A certificate failure on another transport (the upload's chunks) explained as for API calls. */
  checkCertificate: CertificateCheck
}>

export type PeerTubeApiClientConfig = Readonly<{
  session: OAuthSession
  /** Explains a certificate failure (certificate-trust.ts); without it, it is a plain network failure. */
  checkCertificate?: CertificateCheck
  /** The account's connection agents (proxy, pinned certificate: http/agents.ts); the environment's proxy by default. */
  agents?: Agents
  userAgent?: string
  /** Retries of idempotent calls on 429/503 and connection errors (default 3). */
  retryLimit?: number
  /** Longest Retry-After honoured by an automatic retry (default 60 s); longer waits fail with retryAfterMs. */
  maxRetryAfterMs?: number
}>

const log = createLogger('peertube-http')

/** POST is never retried blindly; the others replace state or read it. */
const IDEMPOTENT: Method[] = ['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']

/** Builds the got client of one account. */
export function createPeerTubeApiClient(config: PeerTubeApiClientConfig): PeerTubeApiClient {
  const { session } = config
  const instance: Got = got.extend({
    headers: { 'user-agent': config.userAgent ?? 'Spool/0.1 (desktop uploader)' },
    timeout: { lookup: 5_000, connect: 10_000, secureConnect: 10_000, send: 60_000, response: 60_000 },
    agent: config.agents ?? createAgents(),
    responseType: 'text',
    followRedirect: false,
    retry: {
      limit: config.retryLimit ?? 3,
      methods: IDEMPOTENT,
      statusCodes: [429, 503],
      backoffLimit: 10_000,
      noise: 100,
      maxRetryAfter: config.maxRetryAfterMs ?? 60_000,
    },
    hooks: {
      beforeRetry: [
        (error, retryCount) => {
          log.warn('retrying PeerTube request', {
            retryCount,
            code: error.code,
            status: error.response?.statusCode,
          })
        },
      ],
    },
  })

  function checkOrigin(url: URL): void {
    if (url.origin !== session.instanceUrl)
      throw peerTubeFailure('validation', 'input/invalid', 'Refusing to send the session to another host.')
  }

  async function attempt(
    method: Method,
    url: URL,
    options: SendOptions,
    token: string | null,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { ...options.headers }
    if (token !== null) headers.authorization = `Bearer ${token}`
    const body = options.body
    const payload =
      body === undefined
        ? {}
        : 'json' in body
          ? { json: body.json }
          : 'form' in body
            ? { form: body.form }
            : { body: await body.multipart() }
    const res = await instance(url, {
      method,
      headers,
      ...payload,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    return { status: res.statusCode, headers: res.headers, body: res.body }
  }

  async function send(method: Method, url: URL, options: SendOptions = {}): Promise<RawResponse> {
    checkOrigin(url)
    const what = options.what ?? 'The request'
    let token = options.anonymous ? null : await session.accessToken(options.signal)
    for (let round = 0; ; round++) {
      try {
        return await attempt(method, url, options, token)
      } catch (caught) {
        if (!(caught instanceof HTTPError))
          throw (await config.checkCertificate?.(caught)) ?? toHttpFailure(caught, what)
        const failure = failureFromResponse(
          {
            status: caught.response.statusCode,
            headers: caught.response.headers,
            body: caught.response.body,
          },
          what,
        )
        // One retry with a refreshed token; the refresh is shared with concurrent callers.
        if (token !== null && round === 0 && hasReason(failure, 'token-invalid')) {
          token = await session.refreshAfterRejection(token, options.signal)
          continue
        }
        throw failure
      }
    }
  }

  async function json<T>(
    method: Method,
    url: URL,
    schema: z.ZodType<T>,
    options: SendOptions = {},
  ): Promise<T> {
    const res = await send(method, url, options)
    let value: unknown
    try {
      value = res.body ? (JSON.parse(res.body) as unknown) : null
    } catch {
      throw peerTubeFailure(
        'other',
        'api/malformed-response',
        'PeerTube sent a reply Spool cannot read (not JSON).',
      )
    }
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    log.warn('malformed PeerTube response', { path: url.pathname, issues: parsed.error.issues.slice(0, 5) })
    throw peerTubeFailure(
      'other',
      'api/malformed-response',
      'PeerTube sent a reply in an unexpected shape. Spool did not change anything.',
      {
        detail: parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      },
    )
  }

  async function noContent(method: Method, url: URL, options: SendOptions = {}): Promise<void> {
    await send(method, url, options)
  }

  async function image(url: URL, signal?: AbortSignal): Promise<{ contentType: string; bytes: Uint8Array }> {
    checkOrigin(url)
    try {
      const res = await instance(url, {
        method: 'GET',
        responseType: 'buffer',
        ...(signal ? { signal } : {}),
      })
      return { contentType: res.headers['content-type'] ?? '', bytes: res.body }
    } catch (caught) {
      if (!(caught instanceof HTTPError))
        throw (await config.checkCertificate?.(caught)) ?? toHttpFailure(caught, 'Fetching the thumbnail')
      const { statusCode, headers } = caught.response
      throw failureFromResponse({ status: statusCode, headers, body: '' }, 'Fetching the thumbnail')
    }
  }

  const checkCertificate: CertificateCheck = config.checkCertificate ?? (() => Promise.resolve(null))
  return { instanceUrl: session.instanceUrl, session, send, json, noContent, image, checkCertificate }
}
