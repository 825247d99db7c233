import { afterEach, expect, test } from 'vitest'
import { asAccountName, asMediaId } from '../../../common/domain/ids.ts'
import type { AppFailure } from '../../../common/ipc/result.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { getCached } from '../../../main/library/library-cache.ts'
import { createLibraryService } from '../../../main/library/library-service.ts'
import { FASTPIX_CAPABILITIES } from '../../../main/providers/fastpix/fastpix-provider.ts'
import { createPeerTubeProvider } from '../../../main/providers/peertube/peertube-provider.ts'
import type { Provider } from '../../../main/providers/provider.ts'
import { memoryStore } from '../../unit/providers/peertube/replay-server.ts'
import { startPt, type Pt } from './harness.ts'

// A video's privacy changed through the library service: PUT /videos/{id} on PeerTube, the cache updated;
// a destination without the capability refuses with its reason, before any request.

const account = asAccountName('tube')
let pt: Pt | undefined
afterEach(async () => {
  await pt?.close()
  pt = undefined
})

/** The privacy id the instance reports for a video. */
async function privacyOnInstance(uuid: string, token: string): Promise<number> {
  const answer = await pt!.call('GET', `/api/v1/videos/${uuid}`, { token })
  return (answer.body as { privacy: { id: number } }).privacy.id
}

test('PeerTube: the privacy reaches the instance and the cached copy', async () => {
  pt = await startPt()
  const user = await pt.user()
  const video = await pt.upload(user.token, { privacy: 1 })
  const provider = createPeerTubeProvider({
    instanceUrl: pt.sb.url,
    username: user.username,
    tokens: memoryStore(null),
  })
  await provider.session.signIn({ password: user.password })
  const db = openDatabase(':memory:')
  const library = createLibraryService({ db, providerFor: () => provider })
  await library.refresh(account)
  const id = asMediaId(video.uuid)
  expect(getCached(db, account, id)?.playbackIds[0]?.accessPolicy).toBe('public')

  const changed = await library.setPrivacy(account, id, 'private')
  expect(changed.metadata.privacy).toBe('Private')
  expect(await privacyOnInstance(video.uuid, user.token)).toBe(3)
  expect(getCached(db, account, id)?.playbackIds[0]?.accessPolicy).toBe('private')

  await library.setPrivacy(account, id, 'unlisted')
  expect(await privacyOnInstance(video.uuid, user.token)).toBe(2)

  const refused = await library.setPrivacy(account, id, 'secret' as never).catch((e: unknown) => e)
  expect((refused as AppFailure).appError.code).toBe('input/invalid')
  expect((refused as AppFailure).appError.message).toContain('public, unlisted, private, internal')
})

test('a destination that fixes access at upload refuses with that reason and sends nothing', async () => {
  let calls = 0
  const count = (): never => {
    calls += 1
    throw new Error('no request expected')
  }
  const fastpixLike = {
    kind: 'fastpix',
    capabilities: FASTPIX_CAPABILITIES,
    library: { getMedia: count, setPrivacy: count },
  } as unknown as Provider
  const library = createLibraryService({ db: openDatabase(':memory:'), providerFor: () => fastpixLike })
  await expect(
    library.setPrivacy(asAccountName('sandbox'), asMediaId('m-1'), 'private'),
  ).rejects.toMatchObject({
    appError: {
      code: 'api/not-supported',
      message: "A media's privacy cannot be changed on FastPix after upload.",
    },
  })
  expect(calls).toBe(0)
})
