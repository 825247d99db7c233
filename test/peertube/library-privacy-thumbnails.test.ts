import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { asAccountName, asMediaId } from '../../common/domain/ids.ts'
import { openDatabase } from '../../main/db/database.ts'
import { getCached } from '../../main/library/library-cache.ts'
import { createLibraryService } from '../../main/library/library-service.ts'
import { createRemoteThumbnails } from '../../main/library/remote-thumbnails.ts'
import {
  createPeerTubeProvider,
  type PeerTubeProvider,
} from '../../main/providers/peertube/peertube-provider.ts'
import { memoryStore } from '../unit/providers/peertube/replay-server.ts'
import { createTestUser, TARGET, uploadTiny, type TestUser } from './target.ts'

// Bulk privacy and remote thumbnails (issue 16 point 3) against a PeerTube: the privacy set through the
// library service is what the instance reports; the thumbnail main serves is the instance's own picture.

const account = asAccountName('pt')
let user: TestUser
let provider: PeerTubeProvider
let uuid: string
const db = openDatabase(':memory:')

beforeAll(async () => {
  user = await createTestUser()
  uuid = await uploadTiny(user, 'Privacy and thumbnail')
  provider = createPeerTubeProvider({
    instanceUrl: TARGET.url,
    username: user.username,
    tokens: memoryStore(),
  })
  await provider.session.signIn({ password: user.password })
})

describe(`library privacy and thumbnails on PeerTube (${TARGET.kind})`, () => {
  test('privacy: unlisted, then private, as the instance reports it', async () => {
    const library = createLibraryService({ db, providerFor: () => provider })
    await library.refresh(account)
    const id = asMediaId(uuid)
    expect((await library.setPrivacy(account, id, 'unlisted')).metadata.privacy).toBe('Unlisted')
    expect((await provider.peertube.getRawVideo(uuid)).privacy.id).toBe(2)
    await library.setPrivacy(account, id, 'private')
    expect((await provider.peertube.getRawVideo(uuid)).privacy.id).toBe(3)
    expect(getCached(db, account, id)?.playbackIds[0]?.accessPolicy).toBe('private')
  })

  test("main serves the video's thumbnail from the instance", async () => {
    const library = createLibraryService({ db, providerFor: () => provider })
    await library.refresh(account)
    const { client } = provider
    const thumbs = createRemoteThumbnails(mkdtempSync(join(tmpdir(), 'spool-pt-thumbs-')), {
      cached: (name, id) => getCached(db, name, id),
      fetcher: () =>
        Promise.resolve({ origin: new URL(client.instanceUrl).origin, fetch: (u, s) => client.image(u, s) }),
    })
    const res = await thumbs.serve(`app://bundle/remote-thumb/pt/${uuid}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^image\/(jpeg|png|webp)$/)
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100)
  })
})
