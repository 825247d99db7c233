import dc from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { createPeerTubeProvider } from '../../../main/providers/peertube/peertube-provider.ts'
import { memoryStore } from '../../unit/providers/peertube/replay-server.ts'
import { startPt, VIDEO, type Pt } from './harness.ts'

// The path to a PeerTube upload's first byte: the pre-flight's answers (instance config, the user and its
// channels) are what the create and the chunk limit need, so they are not asked for a second time.

let pt: Pt | undefined
afterEach(async () => {
  await pt?.close()
  pt = undefined
})

test('after the pre-flight, the create and the chunk limit ask the instance nothing more', async () => {
  pt = await startPt()
  const user = await pt.user()
  const provider = createPeerTubeProvider({
    instanceUrl: pt.sb.url,
    username: user.username,
    tokens: memoryStore(null),
  })
  await provider.session.signIn({ password: user.password })
  const file = { name: 'take.mp4', size: VIDEO.length, mtimeMs: 1_700_000_000_000 }
  const settings = { accessPolicy: 'private' as const, metadata: {} }
  const report = await provider.uploads.preflight!([file], settings)
  expect(report).toBeTruthy()

  const requests: string[] = []
  const seen = ({ request }: { request: ClientRequest }): void => {
    requests.push(`${request.method} ${request.path.split('?')[0]}`)
  }
  dc.subscribe('http.client.request.start', seen as (message: unknown) => void)
  try {
    await provider.uploads.createUpload({ settings, file, clientJobId: 'job-1' })
    expect(await provider.uploads.maxChunkBytes!()).toBe(64 * 1024 * 1024)
  } finally {
    dc.unsubscribe('http.client.request.start', seen as (message: unknown) => void)
  }
  expect(requests).toEqual(['POST /api/v1/videos/upload-resumable'])
})
