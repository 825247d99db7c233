import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { asMediaId } from '../../../common/domain/ids.ts'
import { AppFailure } from '../../../common/ipc/result.ts'
import { createFastPixProvider } from '../../../main/providers/fastpix/fastpix-provider.ts'
import { clientIdOf } from '../../../main/providers/fastpix/reconcile.ts'
import { startHarness, waitReady, type Harness } from './harness.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

async function listen(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (caught) {
    if (caught instanceof AppFailure) return caught.appError.code
    throw caught
  }
  return 'no-failure'
}

const creds = () => Promise.resolve({ tokenId: 'id', secretKey: 'secret-value' })
const id = asMediaId('4fa85f64-5717-4562-b3fc-2c963f66afa6')

describe('malformed and error bodies become typed errors, never crashes', () => {
  let reply: (res: ServerResponse) => void = () => {}
  let server: Server
  let url = ''
  beforeAll(async () => {
    ;({ server, url } = await listen((_req, res) => reply(res)))
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))
  const provider = () => createFastPixProvider({ apiUrl: `${url}/v1`, credentials: creds })
  const send = (status: number, body: string) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(body)

  test.each([
    ['not JSON', send(200, '<html>oops</html>')],
    ['no data', send(200, '{"success":true}')],
    ['media without id', send(200, '{"success":true,"data":{"title":"x"}}')],
    ['data is a string', send(200, '{"success":true,"data":"nope"}')],
    ['tracks is not a list', send(200, `{"success":true,"data":{"id":"${id}","tracks":"many"}}`)],
    ['empty body', send(200, '')],
  ])('%s → api/malformed-response', async (_name, handler) => {
    reply = handler
    expect(await code(() => provider().library.getMedia(id))).toBe('api/malformed-response')
  })

  test('unknown extra fields and enum values are accepted', async () => {
    reply = send(
      200,
      `{"success":true,"data":{"id":"${id}","status":"Hibernating","brandNew":{"x":1},"mp4Support":[]}}`,
    )
    const media = await provider().library.getMedia(id)
    expect(media).toMatchObject({ status: 'unknown', rawStatus: 'Hibernating' })
  })

  test.each([
    [401, 'auth/invalid-credentials'],
    [403, 'auth/forbidden'],
    [404, 'api/not-found'],
    [409, 'api/conflict'],
    [422, 'api/validation'],
  ])('HTTP %i → %s', async (status, expected) => {
    reply = send(
      status,
      JSON.stringify({
        success: false,
        error: { code: status, message: 'msg', fields: [{ field: 'title', message: 'is bad' }] },
      }),
    )
    expect(await code(() => provider().library.getMedia(id))).toBe(expected)
  })

  test('422 carries the fields into the message', async () => {
    reply = send(
      422,
      '{"success":false,"error":{"code":422,"message":"payload validation failed","fields":[{"field":"title","message":"too long"}]}}',
    )
    try {
      await provider().library.updateMedia(id, { title: 'x' })
      expect.unreachable()
    } catch (caught) {
      expect((caught as AppFailure).appError.message).toMatch(/title too long/)
      expect((caught as AppFailure).appError.fields).toEqual([{ field: 'title', message: 'too long' }])
    }
  })

  test('GET summary 400 "Summary not enabled" means not generated', async () => {
    reply = send(
      400,
      '{"success":false,"error":{"code":400,"message":"Summary not enabled","description":"Summary is not enabled for the requested media"}}',
    )
    expect(await provider().library.getSummary(id)).toEqual({ state: 'not-generated' })
  })
})

describe('creates after an ambiguous failure are reconciled, never duplicated', () => {
  let h: Harness
  let proxy: Server
  let proxyUrl = ''
  let dropNextCreate = 0
  let creates = 0
  let dropNextTrack = 0
  let trackPosts = 0
  beforeAll(async () => {
    h = await startHarness()
    const target = new URL(h.sandbox.origin)
    ;({ server: proxy, url: proxyUrl } = await listen((req, res) => {
      const isCreate = req.method === 'POST' && req.url === '/v1/on-demand'
      const isTrack =
        req.method === 'POST' &&
        /^\/v1\/on-demand\/[^/]+\/tracks(\/[^/]+\/generate-subtitles)?$/.test(req.url ?? '')
      if (isCreate) creates += 1
      if (isTrack) trackPosts += 1
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const drop = (isCreate && dropNextCreate > 0) || (isTrack && dropNextTrack > 0)
          if (drop) {
            // The server acted, but the reply is lost: the connection dies.
            if (isCreate) dropNextCreate -= 1
            else dropNextTrack -= 1
            up.resume()
            up.on('end', () => res.socket?.destroy())
            return
          }
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      req.pipe(upstream)
    }))
  })
  afterAll(async () => {
    await new Promise<void>((r) => proxy.close(() => r()))
    await h.close()
  })

  test('the reply of the create is lost once: one media exists, found by its client id', async () => {
    dropNextCreate = 1
    const provider = createFastPixProvider({
      apiUrl: `${proxyUrl}/v1`,
      credentials: () => Promise.resolve({ tokenId: h.sandbox.username, secretKey: h.sandbox.password }),
    })
    const media = await provider.library.createFromUrl(
      h.files.url('tiny-160x90.mp4'),
      { accessPolicy: 'public', metadata: {} },
      'client-123',
    )
    expect(clientIdOf(media.metadata)).toBe('client-123')
    expect(creates).toBe(1)
    const all = await h.provider.library.listMedia(1, 50)
    expect(all.items.filter((m) => clientIdOf(m.metadata) === 'client-123')).toHaveLength(1)
    expect(all.totalRecords).toBe(1)
  })

  test('a 503 before anything was created is re-posted and creates exactly one', async () => {
    h.sandbox.setFaults('api-error=1,seed=1')
    const provider = createFastPixProvider({
      apiUrl: h.sandbox.apiUrl,
      credentials: () => Promise.resolve({ tokenId: h.sandbox.username, secretKey: h.sandbox.password }),
    })
    const pending = provider.library.createFromUrl(
      h.files.url('tiny-160x90.mp4'),
      { accessPolicy: 'public', metadata: {} },
      'client-456',
    )
    setTimeout(() => h.sandbox.setFaults(''), 300)
    const media = await pending
    expect(clientIdOf(media.metadata)).toBe('client-456')
    const all = await h.provider.library.listMedia(1, 50)
    expect(all.items.filter((m) => clientIdOf(m.metadata) === 'client-456')).toHaveLength(1)
  })

  test('the reply of a track add is lost once: the new track is found, not added twice', async () => {
    const media = await waitReady(
      h.provider,
      (
        await h.provider.library.createFromUrl(
          h.files.url('tiny-160x90.mp4'),
          { accessPolicy: 'public', metadata: {} },
          'client-tracks',
        )
      ).id,
    )
    const viaProxy = createFastPixProvider({
      apiUrl: `${proxyUrl}/v1`,
      credentials: () => Promise.resolve({ tokenId: h.sandbox.username, secretKey: h.sandbox.password }),
    })
    const french = {
      type: 'subtitle',
      url: h.files.url('tiny.vtt'),
      languageCode: 'fr',
      languageName: 'French',
    } as const
    // One French track already exists: the reconciler must find the new one, not mistake the old one.
    const first = await h.provider.library.addTrack(media.id, french)
    trackPosts = 0
    dropNextTrack = 1
    const second = await viaProxy.library.addTrack(media.id, { ...french, languageName: 'Français' })
    expect(trackPosts).toBe(1)
    expect(second.id).not.toBe(first.id)
    const subtitles = (await h.provider.library.getMedia(media.id)).tracks.filter(
      (t) => t.type === 'subtitle' && t.languageCode === 'fr',
    )
    expect(subtitles.map((t) => t.id).sort()).toEqual([first.id, second.id].sort())
  })

  test('the reply of a subtitle generation is lost once: one generated track, not two', async () => {
    // The media the previous test created (tests in a file run in order).
    const media = (await h.provider.library.listMedia(1, 50)).items.find(
      (m) => clientIdOf(m.metadata) === 'client-tracks',
    )!
    const audio = await h.provider.library.addTrack(media.id, {
      type: 'audio',
      url: h.files.url('tiny-audio.m4a'),
      languageCode: 'it',
      languageName: 'Italian',
    })
    const viaProxy = createFastPixProvider({
      apiUrl: `${proxyUrl}/v1`,
      credentials: () => Promise.resolve({ tokenId: h.sandbox.username, secretKey: h.sandbox.password }),
    })
    trackPosts = 0
    dropNextTrack = 1
    const generated = await viaProxy.library.generateSubtitles(media.id, audio.id, 'it-IT', 'Italian')
    expect(trackPosts).toBe(1)
    const italian = (await h.provider.library.getMedia(media.id)).tracks.filter(
      (t) => t.type === 'subtitle' && t.languageCode === 'it-IT',
    )
    expect(italian.map((t) => t.id)).toEqual([generated.id])
  })
})
