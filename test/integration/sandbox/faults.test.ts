import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxStats } from '../../../sandbox/index.ts'
import { bytes, gcsHashes, Q, startTestSandbox, type TestSandbox } from './harness.ts'

describe('sandbox fault injection and stats', () => {
  let t: TestSandbox
  beforeAll(async () => {
    t = await startTestSandbox()
  })
  afterEach(() => t.sb.setFaults(''))
  afterAll(() => t.close())

  const stats = async (): Promise<SandboxStats> =>
    (await (
      await fetch(`${t.sb.origin}/_sandbox/stats`, { headers: { authorization: t.auth } })
    ).json()) as SandboxStats

  it('error=P answers session PUTs 503 or 429 with Retry-After: 1, and counts them', async () => {
    const { url, uploadId } = await t.createUpload()
    t.sb.setFaults('error=1,seed=3')
    const statuses = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const r = await t.put(url, undefined, 'bytes */*')
      statuses.add(r.status)
      if (r.status === 429) expect(r.headers.get('retry-after')).toBe('1')
    }
    expect([...statuses].sort()).toEqual([429, 503])
    const s = (await stats()).uploads[uploadId]!
    expect(s.faultsInjected.error).toBe(12)
    expect(s.putCount).toBe(12)
  })

  it('is deterministic for a given seed', async () => {
    const run = async (seed: number) => {
      const other = await startTestSandbox({ faults: `error=0.5,seed=${seed}` })
      try {
        const { url } = await other.createUpload()
        const out: number[] = []
        for (let i = 0; i < 16; i++) out.push((await other.put(url, undefined, 'bytes */*')).status)
        return out.join(',')
      } finally {
        await other.close()
      }
    }
    const a = await run(42)
    expect(await run(42)).toBe(a)
    expect(await run(43)).not.toBe(a)
  })

  it('reset=P destroys the connection after part of the body; what was read stays persisted', async () => {
    const data = bytes(Q * 8, 11)
    const { url, uploadId } = await t.createUpload()
    t.sb.setFaults('reset=1,seed=5')
    await expect(t.put(url, data, `bytes 0-${data.length - 1}/${data.length}`)).rejects.toThrow()
    t.sb.setFaults('')
    const q = await t.put(url, undefined, `bytes */${data.length}`)
    expect(q.status).toBe(308)
    const persisted = q.headers.get('range') ? Number(q.headers.get('range')!.split('-')[1]) + 1 : 0
    expect(persisted).toBeLessThan(data.length)
    const s = (await stats()).uploads[uploadId]!
    expect(s.faultsInjected.reset).toBe(1)
    expect(s.bytesPersisted).toBe(persisted)
    const done = await t.put(
      url,
      data.subarray(persisted),
      `bytes ${persisted}-${data.length - 1}/${data.length}`,
    )
    expect(done.status).toBe(200)
    expect(done.headers.get('x-goog-hash')).toContain(gcsHashes(data).md5)
  })

  it('stall=P stops reading and never answers; a later PUT takes over the session', async () => {
    const data = bytes(Q * 4, 12)
    const { url, uploadId } = await t.createUpload()
    t.sb.setFaults('stall=1')
    await expect(
      fetch(url, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${data.length - 1}/${data.length}` },
        body: data,
        signal: AbortSignal.timeout(400),
      }),
    ).rejects.toThrow()
    t.sb.setFaults('')
    const q = await t.put(url, undefined, `bytes */${data.length}`)
    expect(q.status).toBe(308)
    expect((await stats()).uploads[uploadId]!.faultsInjected.stall).toBe(1)
  })

  it('a newer PUT takes over from a stalled one that the client never aborted', async () => {
    const data = bytes(Q * 4, 16)
    const { url } = await t.createUpload()
    t.sb.setFaults('stall=1')
    const controller = new AbortController()
    const stalled = t
      .put(url, data, `bytes 0-${data.length - 1}/${data.length}`, controller.signal)
      .catch((e: Error) => e)
    await new Promise((r) => setTimeout(r, 200))
    t.sb.setFaults('')
    const q = await t.put(url, undefined, `bytes */${data.length}`)
    expect(q.status).toBe(308)
    expect(await stalled).toBeInstanceOf(Error)
    controller.abort()
  })

  it('partial=P persists only part of a chunk and reports the smaller Range; the client can continue', async () => {
    const data = bytes(Q * 8, 13)
    const { url, uploadId } = await t.createUpload()
    t.sb.setFaults('partial=1,seed=2')
    const r = await t.put(url, data, `bytes 0-${data.length - 1}/${data.length}`)
    expect(r.status).toBe(308)
    const persisted = r.headers.get('range') ? Number(r.headers.get('range')!.split('-')[1]) + 1 : 0
    expect(persisted).toBeLessThan(data.length)
    expect(persisted % Q).toBe(0)
    t.sb.setFaults('')
    const done = await t.put(
      url,
      data.subarray(persisted),
      `bytes ${persisted}-${data.length - 1}/${data.length}`,
    )
    expect(done.status).toBe(200)
    expect(done.headers.get('x-goog-hash')).toContain(gcsHashes(data).crc32c)
    const s = (await stats()).uploads[uploadId]!
    expect(s.faultsInjected.partial).toBe(1)
    expect(s.bytesReceived).toBe(data.length * 2 - persisted)
  })

  it('corrupt=P flips a stored byte at completion; x-goog-hash describes the damaged object', async () => {
    const data = bytes(Q * 2, 17)
    const { url, uploadId } = await t.createUpload()
    t.sb.setFaults('corrupt=1,seed=4')
    const done = await t.put(url, data, `bytes 0-${data.length - 1}/${data.length}`)
    expect(done.status).toBe(200)
    const damaged = Buffer.from(data)
    damaged[Q] = damaged[Q]! ^ 0xff // the middle byte
    const header = done.headers.get('x-goog-hash') ?? ''
    expect(header).not.toContain(gcsHashes(data).crc32c)
    expect(header).toContain(gcsHashes(damaged).crc32c)
    expect((await stats()).uploads[uploadId]!.faultsInjected.corrupt).toBe(1)
  })

  it('api-error=P answers JSON API calls 503 with the error body; POST /_sandbox/faults changes faults', async () => {
    const set = await fetch(`${t.sb.origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ faults: 'api-error=1' }),
    })
    expect(set.status).toBe(200)
    const r = await t.api('GET', '/on-demand')
    expect(r.status).toBe(503)
    expect(r.body).toMatchObject({ success: false, error: { code: 503 } })
    expect((await stats()).totals.apiErrorsInjected).toBeGreaterThan(0)
    const bad = await fetch(`${t.sb.origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ faults: 'explode=1' }),
    })
    expect(bad.status).toBe(422)
    expect(() => t.sb.setFaults('error=2')).toThrow()
  })

  it('throttle=BYTES caps ingest per second', async () => {
    const data = bytes(Q * 3, 14)
    const { url } = await t.createUpload()
    t.sb.setFaults(`throttle=${Q * 2}`)
    const started = performance.now()
    expect((await t.put(url, data, `bytes 0-${data.length - 1}/${data.length}`)).status).toBe(200)
    const seconds = (performance.now() - started) / 1000
    expect(seconds).toBeGreaterThan(1)
  })

  it('latency=MS adds its round trip to API calls and session PUTs, on top of throttle', async () => {
    const timed = async (call: () => Promise<Response>): Promise<number> => {
      const started = performance.now()
      const res = await call()
      await res.arrayBuffer()
      expect(res.ok || res.status === 308).toBe(true)
      return performance.now() - started
    }
    const data = bytes(Q * 2, 16)
    const { url } = await t.createUpload()
    const listMedia = (): Promise<Response> =>
      fetch(`${t.sb.apiUrl}/on-demand`, { headers: { authorization: t.auth } })
    t.sb.setFaults('latency=600')
    expect(await timed(listMedia)).toBeGreaterThanOrEqual(595)
    expect(await timed(() => t.put(url, undefined, `bytes */${data.length}`))).toBeGreaterThanOrEqual(595)
    // 512 KiB at 512 KiB/s is about a second of transfer (the first piece may pass at once); the round trip
    // comes on top of it.
    t.sb.setFaults(`latency=600,throttle=${Q * 2}`)
    const putMs = await timed(() => t.put(url, data, `bytes 0-${data.length - 1}/${data.length}`))
    expect(putMs).toBeGreaterThanOrEqual(900 + 595)
  })

  it('stats report per-upload bytes, PUT count, totals and peak RSS', async () => {
    const data = bytes(Q + 5, 15)
    const { url, uploadId } = await t.createUpload()
    await t.put(url, data.subarray(0, Q), `bytes 0-${Q - 1}/${data.length}`)
    await t.put(url, data.subarray(Q), `bytes ${Q}-${data.length - 1}/${data.length}`)
    const s = await stats()
    expect(s.uploads[uploadId]).toEqual({
      bytesReceived: data.length,
      bytesPersisted: data.length,
      putCount: 2,
      faultsInjected: { error: 0, reset: 0, stall: 0, partial: 0, corrupt: 0 },
    })
    expect(s.totals.bytesReceived).toBeGreaterThanOrEqual(data.length)
    expect(s.peakRssBytes).toBeGreaterThan(1024 * 1024)
    expect(Number.isInteger(s.fullGcs) && s.fullGcs >= 0).toBe(true)
  })
})
