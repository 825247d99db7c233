import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { asAccountName, asMediaId } from '../../../common/domain/ids.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { getCached, upsertCached } from '../../../main/library/library-cache.ts'
import {
  createRemoteThumbnails,
  parseRemoteThumbUrl,
  type RemoteThumbnails,
} from '../../../main/library/remote-thumbnails.ts'
import { createPeerTubeApiClient } from '../../../main/providers/peertube/api-client.ts'
import type { OAuthSession } from '../../../main/providers/peertube/oauth.ts'
import { isRemoteThumbUrl } from '../../../main/window/app-protocol.ts'
import { fakeMedia } from '../../fakes/fake-api.ts'

// A self-hosted PeerTube's thumbnails are served to the page by main (issue 16 point 2): fetched with the
// account's own HTTP client from the account's own instance, kept under the Spool home, and only for media
// of that account's cached library. The page names an account and a media id; it can steer nothing else.

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9])

type Host = { server: Server; origin: string; hits: string[] }

async function host(answer: (path: string) => { type: string; body: Buffer } | null): Promise<Host> {
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(req.url ?? '')
    const found = answer(req.url ?? '')
    if (!found) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': found.type }).end(found.body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }
}

const tube = asAccountName('tube')
const other = asAccountName('other-tube')
let instance: Host
let elsewhere: Host
let dir: string
let thumbs: RemoteThumbnails
const db = openDatabase(':memory:')
const url = (account: string, id: string): string => `app://bundle/remote-thumb/${account}/${id}`
/** Media ids as PeerTube issues them (only real id shapes are ever looked up). */
const M = (i: number): string => `0d4e8b2a-5c1f-4e7a-9b3c-00000000000${i}`
const media = (i: number, thumbnailUrl: string) => fakeMedia(i, { id: asMediaId(M(i)), thumbnailUrl })

beforeAll(async () => {
  instance = await host((path) =>
    path === '/lazy-static/thumbnails/a.jpg'
      ? { type: 'image/jpeg', body: JPEG }
      : path === '/lazy-static/thumbnails/page.jpg'
        ? { type: 'text/html', body: Buffer.from('<script>alert(1)</script>') }
        : null,
  )
  elsewhere = await host(() => ({ type: 'image/jpeg', body: JPEG }))
  const now = new Date().toISOString()
  upsertCached(db, tube, media(1, `${instance.origin}/lazy-static/thumbnails/a.jpg`), now)
  upsertCached(db, tube, media(2, `${elsewhere.origin}/steal.jpg`), now)
  upsertCached(db, tube, media(3, `${instance.origin}/lazy-static/thumbnails/page.jpg`), now)
  upsertCached(db, other, media(4, `${instance.origin}/lazy-static/thumbnails/a.jpg`), now)
})

afterAll(() => {
  instance.server.close()
  elsewhere.server.close()
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spool-thumbs-'))
  instance.hits.length = 0
  elsewhere.hits.length = 0
  // The account's real PeerTube client (got, its agents); a thumbnail needs no token.
  const client = createPeerTubeApiClient({ session: { instanceUrl: instance.origin } as OAuthSession })
  thumbs = createRemoteThumbnails(dir, {
    cached: (account, id) => getCached(db, account, id),
    fetcher: (account) =>
      Promise.resolve(
        account === tube ? { origin: instance.origin, fetch: (u, s) => client.image(u, s) } : null,
      ),
  })
  return () => rmSync(dir, { recursive: true, force: true })
})

describe('remote thumbnails served by main', () => {
  test("a cached media's thumbnail comes from its instance once, then from the Spool home", async () => {
    const first = await thumbs.serve(url('tube', M(1)))
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/jpeg')
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await first.arrayBuffer())).toEqual(JPEG)
    expect(readdirSync(dir)).toHaveLength(1)
    const again = await thumbs.serve(url('tube', M(1)))
    expect(Buffer.from(await again.arrayBuffer())).toEqual(JPEG)
    expect(instance.hits).toEqual(['/lazy-static/thumbnails/a.jpg'])
  })

  test('two requests at once fetch once', async () => {
    const [a, b] = await Promise.all([thumbs.serve(url('tube', M(1))), thumbs.serve(url('tube', M(1)))])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(Buffer.from(await b.arrayBuffer())).toEqual(JPEG)
    expect(instance.hits).toHaveLength(1)
  })

  test('a cached URL on another host is never fetched, whatever the cache says', async () => {
    expect((await thumbs.serve(url('tube', M(2)))).status).toBe(404)
    expect(elsewhere.hits).toEqual([])
  })

  test('an answer that is not an image is not served or kept', async () => {
    expect((await thumbs.serve(url('tube', M(3)))).status).toBe(404)
    expect(readdirSync(dir)).toEqual([])
  })

  test('hostile ids name nothing: traversal, escapes, queries, unknown media, another account, FastPix', async () => {
    const hostile = [
      url('tube', '..'),
      url('tube', '..%2Fsteal'),
      url('tube', `${M(1)}%2F..`),
      url('tube', `${M(1)}/extra`),
      `${url('tube', M(1))}?u=${encodeURIComponent(elsewhere.origin)}`,
      url('tube', encodeURIComponent(`${elsewhere.origin}/steal.jpg`)),
      url('tube', M(4)),
      url('tube', M(9)),
      url('..', M(1)),
      url('other-tube', M(4)),
      `app://elsewhere/remote-thumb/tube/${M(1)}`,
      `https://bundle/remote-thumb/tube/${M(1)}`,
    ]
    for (const raw of hostile) expect((await thumbs.serve(raw)).status, raw).toBe(404)
    expect(instance.hits).toEqual([])
    expect(elsewhere.hits).toEqual([])
  })

  test('an instance that does not answer gives a 502, not a crash, and nothing is kept', async () => {
    const client = createPeerTubeApiClient({
      session: { instanceUrl: 'http://127.0.0.1:9' } as OAuthSession,
      retryLimit: 0,
    })
    upsertCached(db, tube, media(5, 'http://127.0.0.1:9/t.jpg'), new Date().toISOString())
    const down = createRemoteThumbnails(dir, {
      cached: (account, id) => getCached(db, account, id),
      fetcher: () => Promise.resolve({ origin: 'http://127.0.0.1:9', fetch: (u, s) => client.image(u, s) }),
    })
    expect((await down.serve(url('tube', M(5)))).status).toBe(502)
    expect(readdirSync(dir)).toEqual([])
  })

  test('the app protocol routes only its own /remote-thumb/ URLs here; the parser reads account and id', () => {
    expect(isRemoteThumbUrl(url('tube', M(1)))).toBe(true)
    expect(isRemoteThumbUrl('app://bundle/index.html')).toBe(false)
    expect(isRemoteThumbUrl(`app://other/remote-thumb/tube/${M(1)}`)).toBe(false)
    expect(parseRemoteThumbUrl(url('tube', M(1)))).toEqual({
      account: tube,
      id: asMediaId(M(1)),
    })
  })
})
