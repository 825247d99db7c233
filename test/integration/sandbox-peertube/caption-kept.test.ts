import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createPeerTubeApiClient } from '../../../main/providers/peertube/api-client.ts'
import { createPeerTubeLibrary } from '../../../main/providers/peertube/library.ts'
import { createOAuthSession } from '../../../main/providers/peertube/oauth.ts'
import { memoryStore } from '../../unit/providers/peertube/replay-server.ts'
import { startPt, VTT, type Pt } from './harness.ts'

// A real PeerTube 6.3.2 answered 204 to a caption PUT and kept nothing (its retried caption transaction saved
// nothing; a manifest row said done with its caption missing). The sandbox does the same for its first
// `captionsLost` caption PUTs; Spool's library reads each caption back and sends it again.

let pt: Pt
const lines: string[] = []
const dir = mkdtempSync(join(tmpdir(), 'spool-pt-caption-'))
beforeAll(async () => {
  pt = await startPt({ captionsLost: 2, log: (line) => lines.push(line) })
})
afterAll(async () => {
  await pt.close()
  rmSync(dir, { recursive: true, force: true })
})

async function libraryFor(username: string, password: string) {
  const session = createOAuthSession({ instanceUrl: pt.sb.url, username, store: memoryStore() })
  await session.signIn({ password })
  return createPeerTubeLibrary(createPeerTubeApiClient({ session }))
}

test('a caption PUT answered 204 but not kept is sent again until the caption is listed', async () => {
  const user = await pt.user()
  const video = await pt.upload(user.token, { name: 'Caption kept' })
  const library = await libraryFor(user.username, user.password)
  const file = join(dir, 'clip.en.vtt')
  writeFileSync(file, VTT)

  await library.addCaption(String(video.uuid), 'en', file)
  // Two answered 204 and kept nothing; the third was kept.
  expect(lines.filter((l) => l.includes('kept nothing (captionsLost)'))).toHaveLength(2)
  expect((await library.listCaptions(String(video.uuid))).map((t) => t.languageCode)).toEqual(['en'])
})
