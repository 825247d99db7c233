import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A reverse proxy in front of the target PeerTube (sandbox or real server) that lets a test stop the
 * conversation at an exact point, the same way on both targets: hold a request before the server sees it,
 * hold the server's answer after it acted (the client never learns it), swap the bearer token of one
 * request, or answer one request itself with what the server once answered. It records what passed: every
 * upload id an init answered with, PUT ranges, statuses.
 */

export type Seen = Readonly<{
  method: string
  /** Path and query. */
  path: string
  headers: IncomingHttpHeaders
}>

export type Passed = Seen &
  Readonly<{ status: number; /** When the answer left the gate (ms since epoch). */ at: number }>

/** An answer the gate gives itself, the server never seeing the request (a replayed capture). */
export type Canned = Readonly<{ status: number; headers: Readonly<Record<string, string>>; body: unknown }>

type Rule = {
  match: (req: Seen) => boolean
  action:
    | 'hold-request'
    | 'hold-response'
    | { authorization: string }
    | { rewrite: (body: unknown) => unknown; keep: boolean }
    | { canned: Canned }
  fired: (req: Seen) => void
}

export type Gate = Readonly<{
  url: string
  /** Upload ids from the `Location` of every init answer, in order (a resumed init repeats its id). */
  uploadIds: () => ReadonlyArray<string>
  /** Every exchange that got an answer through the gate (held ones are not here). */
  passed: () => ReadonlyArray<Passed>
  /** Holds the next matching request before it reaches the server; resolves when it arrives. */
  holdRequest(match: (req: Seen) => boolean): Promise<Seen>
  /** Forwards the next matching request, then holds the server's answer; resolves once the server answered. */
  holdResponse(match: (req: Seen) => boolean): Promise<Passed>
  /** Sends the next matching request with this Authorization header instead of the client's. */
  swapAuthorization(match: (req: Seen) => boolean, authorization: string): Promise<Seen>
  /** Answers the next matching request itself, as the server once did (`canned`); resolves when it has. */
  answerOnce(match: (req: Seen) => boolean, canned: Canned): Promise<Seen>
  /** Answers every matching request with the server's JSON body passed through `rewrite`. */
  rewriteJson(match: (req: Seen) => boolean, rewrite: (body: unknown) => unknown): void
  /** Drops whatever is held (the client sees its connection end). */
  releaseHeld(): void
  close(): Promise<void>
}>

export const isInit = (r: Seen): boolean =>
  r.method === 'POST' && r.path.startsWith('/api/v1/videos/upload-resumable')

/** A PUT carrying bytes (not a probe); `Content-Range: bytes A-B/T`. */
export function putRange(r: Seen): Readonly<{ start: number; end: number; total: number }> | null {
  if (r.method !== 'PUT' || !r.path.startsWith('/api/v1/videos/upload-resumable')) return null
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(r.headers['content-range'] ?? ''))
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : null
}

export async function startGate(targetUrl: string): Promise<Gate> {
  const target = new URL(targetUrl)
  const rules: Rule[] = []
  const uploadIds: string[] = []
  const passed: Passed[] = []
  const held = new Set<IncomingMessage>()

  const take = (seen: Seen): Rule | undefined => {
    const i = rules.findIndex((r) => r.match(seen))
    if (i < 0) return undefined
    const rule = rules[i]
    if (!rule || !(typeof rule.action === 'object' && 'keep' in rule.action)) rules.splice(i, 1)
    rule?.fired(seen)
    return rule
  }

  const forward = (req: IncomingMessage, res: ServerResponse, seen: Seen, rule: Rule | undefined): void => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host }
    const action = rule?.action
    if (typeof action === 'object' && 'authorization' in action) headers.authorization = action.authorization
    if (typeof action === 'object' && 'rewrite' in action) delete headers['accept-encoding']
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        const status = answer.statusCode ?? 0
        if (isInit(seen) && typeof answer.headers.location === 'string') {
          const id = new URL(answer.headers.location, targetUrl).searchParams.get('upload_id')
          if (id) uploadIds.push(id)
        }
        if (rule?.action === 'hold-response') {
          answer.resume()
          held.add(req)
          ;(rule as Rule & { answered?: (p: Passed) => void }).answered?.({ ...seen, status, at: Date.now() })
          return
        }
        passed.push({ ...seen, status, at: Date.now() })
        if (typeof action === 'object' && 'rewrite' in action) {
          let text = ''
          answer.setEncoding('utf8').on('data', (s: string) => (text += s))
          answer.on('end', () => {
            const body = JSON.stringify(action.rewrite(JSON.parse(text) as unknown))
            const { 'content-length': _length, etag: _etag, ...rest } = answer.headers
            res.writeHead(status, { ...rest, 'content-length': Buffer.byteLength(body) })
            res.end(body)
          })
          return
        }
        res.writeHead(status, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    // The client went away before its answer was complete: so does the request upstream.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    req.pipe(upstream)
  }

  const server = http.createServer((req, res) => {
    const seen: Seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers }
    const rule = take(seen)
    if (rule?.action === 'hold-request') {
      held.add(req)
      return
    }
    const action = rule?.action
    if (typeof action === 'object' && 'canned' in action) {
      const { status, headers, body } = action.canned
      const text = JSON.stringify(body)
      req.resume()
      req.on('end', () => {
        passed.push({ ...seen, status, at: Date.now() })
        res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) }).end(text)
      })
      return
    }
    forward(req, res, seen, rule)
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  const addRule = <T>(match: (req: Seen) => boolean, action: Rule['action']): Promise<T> =>
    new Promise<T>((resolve) => {
      const rule: Rule & { answered?: (p: Passed) => void } = {
        match,
        action,
        fired: (seen) => {
          if (action !== 'hold-response') resolve(seen as T)
        },
      }
      if (action === 'hold-response') rule.answered = (p) => resolve(p as T)
      rules.push(rule)
    })

  return {
    url: `http://127.0.0.1:${port}`,
    uploadIds: () => [...uploadIds],
    passed: () => [...passed],
    holdRequest: (match) => addRule<Seen>(match, 'hold-request'),
    holdResponse: (match) => addRule<Passed>(match, 'hold-response'),
    swapAuthorization: (match, authorization) => addRule<Seen>(match, { authorization }),
    answerOnce: (match, canned) => addRule<Seen>(match, { canned }),
    rewriteJson(match, rewrite) {
      void addRule<Seen>(match, { rewrite, keep: true })
    },
    releaseHeld() {
      for (const req of held) req.socket.destroy()
      held.clear()
    },
    async close() {
      for (const req of held) req.socket.destroy()
      held.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
