import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPt, type Pt, type Res } from './harness.ts'
import { replay } from './replay.ts'
import { loadCaptures, shapeDiff } from './shape.ts'

// Replays the captured session against the sandbox and compares every reproduced exchange with the real
// server's answer: same status, same JSON key structure and types (or both empty), same content type family.
const captures = loadCaptures()
/** Exchanges not replayed, and why. */
const NOT_REPLAYED: Record<string, string> = {
  '083-upload-status-probe-after-unreadable':
    'a race on the real server (422 or 404); the sandbox removes the upload at once, 084 checks the 404',
}
const results = new Map<string, Res>()

const family = (type: string | null | undefined) => (type ?? '').split(';')[0]!.trim()

describe('PeerTube sandbox: captured exchanges (status and JSON structure)', () => {
  let pt: Pt
  let short: Pt
  beforeAll(async () => {
    pt = await startPt({ transcoding: false, finalizeDelayMs: 300 })
    short = await startPt({ accessTokenLifetimeMs: 1000 })
    await replay(pt, short, results)
  })
  afterAll(async () => {
    await pt.close()
    await short.close()
  })

  it('replays every capture except the documented ones', () => {
    const missing = [...captures.keys()].filter((n) => !results.has(n) && !(n in NOT_REPLAYED))
    expect(missing).toEqual([])
    expect(results.size).toBe(captures.size - Object.keys(NOT_REPLAYED).length)
  })

  it.each([...captures.keys()].filter((n) => !(n in NOT_REPLAYED)))('%s', (name) => {
    const captured = captures.get(name)!.response
    const actual = results.get(name)
    expect(actual, 'not replayed').toBeDefined()
    expect(actual!.status).toBe(captured.status)
    expect(family(actual!.headers.get('content-type'))).toBe(family(captured.headers['content-type']))
    if (captured.body === '' || typeof captured.body === 'string') {
      expect(actual!.text).toBe(captured.body)
    } else {
      expect(shapeDiff(captured.body, actual!.body)).toEqual([])
    }
    for (const header of ['location', 'range', 'retry-after', 'cache-control'])
      expect(actual!.headers.has(header), header).toBe(header in captured.headers)
  })
})
