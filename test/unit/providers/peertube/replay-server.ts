import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Tokens, TokenStore } from '../../../../main/providers/peertube/oauth.ts'

/** The captured PeerTube 6.3.2 exchanges (one JSON file per exchange). */
export const CAPTURE_DIR = join(import.meta.dirname, '../../../fixtures/peertube-captured')

export type Capture = Readonly<{
  file: string
  number: string
  exchange: string
  note?: string
  request: Readonly<{ method: string; path: string; headers: Record<string, string>; body: unknown }>
  response: Readonly<{
    status: number
    statusText: string
    headers: Record<string, string>
    body: unknown
  }>
}>

export function loadCaptures(): ReadonlyMap<string, Capture> {
  const out = new Map<string, Capture>()
  for (const file of readdirSync(CAPTURE_DIR)
    .filter((f) => /^\d{3}-.*\.json$/.test(f))
    .sort()) {
    const raw = JSON.parse(readFileSync(join(CAPTURE_DIR, file), 'utf8')) as Omit<Capture, 'file' | 'number'>
    out.set(file.slice(0, 3), { ...raw, file, number: file.slice(0, 3) })
  }
  return out
}

export type Recorded = Readonly<{
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}>

/** A response to serve: a capture (its request method and path must match) or an inline one. */
export type Scripted = Readonly<{
  method: string
  /** Pathname to match (query ignored). */
  path: string
  status: number
  statusText?: string
  headers?: Record<string, string>
  body?: unknown
  /** Delay before answering (ms). */
  delayMs?: number
}>

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

/** Capture placeholders → fresh values, so every served token is distinct. */
function fillPlaceholders(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '<token: 40 chars>') return hex(20)
    if (value === '<client_id: 32 chars>') return hex(16)
    if (value === '<client_secret: 32 chars>') return hex(16)
    return value
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v)]))
  return value
}

export function fromCapture(capture: Capture, overrides: Partial<Scripted> = {}): Scripted {
  return {
    method: capture.request.method,
    path: capture.request.path.split('?')[0] ?? '',
    status: capture.response.status,
    statusText: capture.response.statusText,
    headers: capture.response.headers,
    body: capture.response.body,
    ...overrides,
  }
}

export type ReplayServer = Readonly<{
  url: string
  requests: Recorded[]
  /** Queues responses; each request takes the first queued one with its method and pathname. */
  serve(...responses: Scripted[]): void
  pending(): number
  close(): Promise<void>
}>

/** A tiny replay server on 127.0.0.1: answers from a queue, records every request. */
export async function startReplayServer(): Promise<ReplayServer> {
  const queue: Scripted[] = []
  const requests: Recorded[] = []
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (d: Buffer) => parts.push(d))
    req.on('end', () => {
      const url = req.url ?? '/'
      requests.push({ method: req.method ?? '', url, headers: req.headers, body: Buffer.concat(parts) })
      const pathname = url.split('?')[0]
      const index = queue.findIndex((s) => s.method === req.method && s.path === pathname)
      if (index < 0) {
        res.writeHead(599, 'No scripted response', { 'content-type': 'text/plain' })
        res.end(`no scripted response for ${req.method ?? ''} ${pathname ?? ''}`)
        return
      }
      const [next] = queue.splice(index, 1)
      if (!next) return
      const answer = (): void => {
        const body =
          next.body === undefined || next.body === ''
            ? ''
            : typeof next.body === 'string'
              ? next.body
              : JSON.stringify(fillPlaceholders(next.body))
        const headers = Object.fromEntries(
          Object.entries(next.headers ?? {}).filter(
            ([k]) => !['content-length', 'etag'].includes(k.toLowerCase()),
          ),
        )
        res.writeHead(next.status, next.statusText ?? '', {
          ...headers,
          'content-length': Buffer.byteLength(body),
        })
        res.end(body)
      }
      if (next.delayMs) setTimeout(answer, next.delayMs)
      else answer()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    serve: (...responses) => queue.push(...responses),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An in-memory TokenStore that counts saves. */
export function memoryStore(
  initial: Tokens | null = null,
): TokenStore & { saved: Tokens[]; current: () => Tokens | null } {
  let value = initial
  const saved: Tokens[] = []
  return {
    saved,
    current: () => value,
    load: () => Promise.resolve(value),
    save: (t) => {
      value = t
      saved.push(t)
      return Promise.resolve()
    },
    clear: () => {
      value = null
      return Promise.resolve()
    },
  }
}

/** Valid tokens for `now` (access valid 1 day, refresh 2 weeks). */
export function freshTokens(now = Date.now(), overrides: Partial<Tokens> = {}): Tokens {
  return {
    clientId: hex(16),
    clientSecret: hex(16),
    accessToken: hex(20),
    refreshToken: hex(20),
    accessExpiresAt: now + 86_399_000,
    refreshExpiresAt: now + 1_209_599_000,
    ...overrides,
  }
}
