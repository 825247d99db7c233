import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, expect, test } from 'vitest'
import { createPeerTubeApiClient } from '../../../main/providers/peertube/api-client.ts'
import { createPeerTubeLibrary } from '../../../main/providers/peertube/library.ts'
import { createOAuthSession } from '../../../main/providers/peertube/oauth.ts'
import { placeholderPng } from '../../../sandbox/placeholder-png.ts'
import { memoryStore } from '../../unit/providers/peertube/replay-server.ts'
import { startPt, type Pt } from './harness.ts'

// A busy real PeerTube 6.3.2 answered a thumbnail PUT with 500 "ENOENT … storage/tmp/<hex>.png" (its video
// update, retried after a serialization failure, looked for the image its first attempt had taken; in CI a
// manifest row said "uploaded, but: PeerTube had a server error (500)"). The sandbox answers its first
// `thumbnailErrors` thumbnail PUTs the same way; Spool sends the thumbnail again, three times in all.

const dir = mkdtempSync(join(tmpdir(), 'spool-pt-thumbnail-'))
const png = join(dir, 'poster.png')
writeFileSync(png, placeholderPng('poster'))
let pt: Pt | null = null
afterEach(async () => {
  await pt?.close()
  pt = null
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A sandbox whose first `thumbnailErrors` thumbnail PUTs answer 500, a video on it, and its owner's library. */
async function videoOnBusyPeerTube(thumbnailErrors: number) {
  const lines: string[] = []
  pt = await startPt({ thumbnailErrors, log: (line) => lines.push(line) })
  const user = await pt.user()
  const video = await pt.upload(user.token, { name: 'Thumbnail' })
  const session = createOAuthSession({
    instanceUrl: pt.sb.url,
    username: user.username,
    store: memoryStore(),
  })
  await session.signIn({ password: user.password })
  const library = createPeerTubeLibrary(createPeerTubeApiClient({ session }))
  const failed = (): number => lines.filter((l) => l.includes('answered 500 (thumbnailErrors)')).length
  return { library, id: String(video.uuid), failed }
}

test('a thumbnail PUT answered 500 is sent again', async () => {
  const { library, id, failed } = await videoOnBusyPeerTube(2)
  await library.setThumbnail(id, png)
  // Two answered 500; the third was taken.
  expect(failed()).toBe(2)
})

test("after three 500s the thumbnail fails with the server's own words", async () => {
  const { library, id, failed } = await videoOnBusyPeerTube(5)
  const refused = await library.setThumbnail(id, png).then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(refused).toMatchObject({ appError: { code: 'api/server', status: 500 } })
  expect((refused as Error).message).toContain('server error (500): ENOENT')
  expect(failed()).toBe(3)
})
