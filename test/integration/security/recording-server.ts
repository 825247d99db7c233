import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Every request a fake FastPix API received, with the request target exactly as it arrived. */
export type RecordedRequest = Readonly<{ method: string; target: string }>

/** A FastPix-shaped API on 127.0.0.1 that records raw request targets: lists are empty, the rest is 404. */
export type RecordingServer = Readonly<{
  apiUrl: string
  requests: RecordedRequest[]
  /** What the next requests are answered with: the usual replies, or 401 for every call. */
  setMode(mode: 'ok' | 'unauthorized'): void
  close(): Promise<void>
}>

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = []
  let mode: 'ok' | 'unauthorized' = 'ok'
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', target: req.url ?? '' })
    req.resume()
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (mode === 'unauthorized') return send(401, { success: false, error: { code: 401, message: 'no' } })
    const path = (req.url ?? '').split('?')[0]
    if (req.method === 'GET' && (path === '/v1/on-demand' || path === '/v1/on-demand/uploads'))
      return send(200, {
        success: true,
        data: [],
        pagination: { totalRecords: 0, currentOffset: 1, offsetCount: 0 },
      })
    send(404, { success: false, error: { code: 404, message: 'Not found', description: 'No such thing' } })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setMode: (m) => {
      mode = m
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
