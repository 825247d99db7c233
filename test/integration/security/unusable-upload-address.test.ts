import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createFastPixProvider } from '../../../main/providers/fastpix/fastpix-provider.ts'

// Issue 13 §3: a create answer whose `url` is no place for an upload session (file:///etc/passwd, a relative
// path) is a specific failure at once, and the upload is given back — never a loop of retries.

const UPLOAD = '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f'
let server: Server
let apiUrl = ''
let url = ''
const seen: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' })
    const data =
      req.method === 'POST'
        ? { uploadId: UPLOAD, url, timeout: 3600 }
        : { uploadId: UPLOAD, status: 'cancelled' }
    res.end(JSON.stringify({ success: true, data }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})
afterAll(() => {
  server?.close()
})

test.each(['file:///etc/passwd', '/relative/session', 'not a url', 'ftp://files.example/upload'])(
  'a create answered with %j fails at once and cancels the upload',
  async (answer) => {
    url = answer
    seen.length = 0
    const provider = createFastPixProvider({
      apiUrl,
      credentials: () => Promise.resolve({ tokenId: 't', secretKey: 's' }),
    })
    await expect(
      provider.uploads.createUpload({
        settings: { accessPolicy: 'public', metadata: {} },
        clientJobId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      }),
    ).rejects.toMatchObject({ appError: { code: 'api/malformed-response' } })
    expect(seen).toEqual(['POST /v1/on-demand/upload', `PUT /v1/on-demand/upload/${UPLOAD}/cancel`])
  },
)
