import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a stub page's "main" answers to one call: its reply (an IpcResult), or that it has no answer. */
export type StubAnswer = Readonly<{ answered: true; reply: unknown }> | Readonly<{ answered: false }>

/**
 * Serves a stub page's answers on 127.0.0.1 (a free port; the page's CSP lets it connect there), each call one
 * POST to `/<channel>` with the request as its body. A plain local server, not a Playwright route: while a
 * page has a route, Chromium pauses every request it makes (its own script, styles, each call) until the test
 * process lets it go, 50–80 ms a call on this machine against 6 ms without (measured on B6's page), where the
 * app's IPC and app:// handler pause nothing.
 */
export async function serveStubAnswers(
  answer: (channel: string, request: unknown) => Promise<StubAnswer>,
): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const body: Buffer[] = []
    req.on('data', (chunk: Buffer) => body.push(chunk))
    req.on('end', () => {
      const channel = decodeURIComponent(new URL(req.url ?? '/', 'http://stub').pathname.slice(1))
      const text = Buffer.concat(body).toString('utf8')
      void answer(channel, text.length > 0 ? JSON.parse(text) : null).then((answered) => {
        // The page is on another port; its request is a simple one (a text body), so there is no preflight.
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
        res.end(JSON.stringify(answered.answered ? answered.reply : { unanswered: true }))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // Never what keeps the test process alive.
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}
