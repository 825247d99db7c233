import { describe, expect, test } from 'vitest'
import type { Net, Protocol } from 'electron'
import { handleAppProtocol } from '../../../main/window/app-protocol.ts'

// The app:// handler's routes (main/window/app-protocol.ts): a /remote-thumb/ URL goes to main's thumbnail
// service with the page's URL as it came (the service decides what it names), never to the UI's files.

type Handler = (request: Request) => Promise<Response>

function mount(withThumbnails: boolean) {
  let handler: Handler | undefined
  const served: string[] = []
  const files: string[] = []
  const protocol = { handle: (_scheme: string, h: Handler) => void (handler = h) } as unknown as Protocol
  const net = {
    fetch: (url: string) => {
      files.push(url)
      return Promise.resolve(new Response('file'))
    },
  } as unknown as Net
  const thumbnails = {
    serve: (url: string) => {
      served.push(url)
      return Promise.resolve(new Response('jpeg', { headers: { 'content-type': 'image/jpeg' } }))
    },
  }
  handleAppProtocol(
    protocol,
    net,
    '/opt/spool/renderer',
    { job: () => null, allowed: () => false },
    withThumbnails ? thumbnails : undefined,
  )
  return { handle: (url: string) => handler!(new Request(url)), served, files }
}

const THUMB = 'app://bundle/remote-thumb/tube/0d4e8b2a-5c1f-4e7a-9b3c-000000000001'

describe('app:// routes', () => {
  test('a remote thumbnail URL is answered by the thumbnail service, not from the bundle', async () => {
    const app = mount(true)
    const res = await app.handle(THUMB)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(app.served).toEqual([THUMB])
    expect(app.files).toEqual([])
    await app.handle('app://bundle/index.html')
    expect(app.files).toHaveLength(1)
    expect(app.served).toHaveLength(1)
  })

  test('without the service, the same URL is not found (it names no file of the UI)', async () => {
    const app = mount(false)
    expect((await app.handle(THUMB)).status).toBe(404)
    expect(app.files).toEqual([])
  })
})
