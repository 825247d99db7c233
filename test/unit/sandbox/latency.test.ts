import { once } from 'node:events'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { withLatency } from '../../../sandbox/latency.ts'

// Timers may fire a millisecond early against performance.now(); a few ms of tolerance, never more.
const EARLY = 5

let server: Server | undefined
afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve))
  server = undefined
})

type Seen = { handlerAt: number; wroteAt: number }

/** A server whose handler answers `delayMs` after it is called, behind `withLatency(latency)`. */
async function serve(
  latency: () => number,
  delayMs = 100,
  body = 'ok',
): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = []
  server = createServer(
    withLatency(latency, (req, res) => {
      const entry = { handlerAt: performance.now(), wroteAt: 0 }
      seen.push(entry)
      req.resume()
      setTimeout(() => {
        entry.wroteAt = performance.now()
        res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)) })
        res.end(body)
      }, delayMs)
    }),
  )
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { port: (server.address() as AddressInfo).port, seen }
}

/** One GET: when it left and when its response headers arrived. */
async function get(port: number): Promise<{ sentAt: number; answeredAt: number; text: string }> {
  const sentAt = performance.now()
  const req = request({ host: '127.0.0.1', port, path: '/' })
  req.end()
  const [res] = (await once(req, 'response')) as [NodeJS.ReadableStream]
  const answeredAt = performance.now()
  let text = ''
  for await (const part of res) text += String(part)
  return { sentAt, answeredAt, text }
}

describe('the latency fault', () => {
  it('holds each request half the round trip before its handler and each response half after it writes', async () => {
    const { port, seen } = await serve(() => 400)
    const r = await get(port)
    const s = seen[0]!
    expect(r.text).toBe('ok')
    expect(s.handlerAt - r.sentAt).toBeGreaterThanOrEqual(200 - EARLY)
    expect(r.answeredAt - s.wroteAt).toBeGreaterThanOrEqual(200 - EARLY)
    expect(r.answeredAt - r.sentAt).toBeGreaterThanOrEqual(400 + 100 - EARLY)
  })

  it('adds nothing when it is 0, and a changed value applies to the next request', async () => {
    let latency = 0
    const { port } = await serve(() => latency, 0)
    const fast = await get(port)
    expect(fast.answeredAt - fast.sentAt).toBeLessThan(150)
    latency = 300
    const slow = await get(port)
    expect(slow.answeredAt - slow.sentAt).toBeGreaterThanOrEqual(300 - EARLY)
  })

  it('holds a streamed response body back by pushing back on its writer, and delivers every byte', async () => {
    const piece = Buffer.alloc(64 * 1024, 7)
    let pushedBack = false
    let firstWriteAt = 0
    server = createServer(
      withLatency(
        () => 200,
        (_req, res) => {
          res.writeHead(200, { 'content-length': String(piece.length * 64) })
          firstWriteAt = performance.now()
          let i = 0
          const more = (): void => {
            while (i < 64) {
              i++
              if (!res.write(piece)) {
                pushedBack = true
                res.once('drain', more)
                return
              }
            }
            res.end()
          }
          more()
        },
      ),
    )
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as AddressInfo).port
    const res = await fetch(`http://127.0.0.1:${port}/`)
    expect(performance.now() - firstWriteAt).toBeGreaterThanOrEqual(100 - EARLY)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.length).toBe(piece.length * 64)
    expect(pushedBack).toBe(true)
  })
})
