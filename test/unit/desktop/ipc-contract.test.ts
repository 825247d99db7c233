import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  CONTRACT_GROUPS,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  INVOKES,
  type EventChannel,
} from '../../../common/ipc/contract.ts'
import { asJobId } from '../../../common/domain/ids.ts'
import { createHandlers, type Handlers } from '../../../main/ipc/handlers.ts'
import { refreshAfterUploads } from '../../../main/library/refresh-after-uploads.ts'
import { createSpoolApi, type SpoolTransport } from '../../../preload/api.ts'
import { fakeJob, fakeMedia } from '../../fakes/fake-api.ts'
import { describeCountFormat } from '../../../common/util/count-format.ts'

/** A transport that answers every invoke with `reply` and hands out its event listeners. */
function replying(reply: unknown) {
  const listeners = new Map<string, (p: unknown) => void>()
  const warnings: Array<[string, Readonly<Record<string, unknown>>]> = []
  const transport: SpoolTransport = {
    invoke: () => Promise.resolve(reply),
    on: (c, l) => {
      listeners.set(c, l)
      return () => listeners.delete(c)
    },
  }
  const api = createSpoolApi(transport, { warn: (m, d) => void warnings.push([m, d]) })
  return { api, listeners, warnings }
}

describe('the contract declares each channel once', () => {
  test('channel names are unique and every one is either an invoke or an event', () => {
    const all = Object.values(CONTRACT_GROUPS).flatMap((g) => Object.values(g).map((d) => d.channel))
    expect(new Set(all).size).toBe(all.length)
    expect([...INVOKE_CHANNELS, ...EVENT_CHANNELS].sort()).toEqual([...all].sort())
    expect(INVOKE_CHANNELS).toContain('uploads:grant-dropped')
    expect(INVOKE_CHANNELS).toContain('uploads:enqueue')
    expect(Object.keys(INVOKES).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  test('the facade mirrors the declarations, minus the preload-only grant', () => {
    const { api } = replying({ ok: true, value: null })
    for (const [group, decls] of Object.entries(CONTRACT_GROUPS)) {
      const expected = Object.entries(decls)
        .filter(([, d]) => d.kind !== 'preload-only')
        .map(([name]) => name)
      expect(Object.keys((api as unknown as Record<string, object>)[group]!)).toEqual(expected)
    }
    expect(Object.keys(api.uploads)).not.toContain('grantDropped')
  })
})

describe('replies are checked against the result schema', () => {
  test('a well-formed reply passes through, optional fields absent or present', async () => {
    const job = fakeJob(1, { error: { code: 'network/offline', message: 'offline', retryable: true } })
    expect(await replying({ ok: true, value: [job] }).api.uploads.list()).toEqual({ ok: true, value: [job] })
    const media = fakeMedia(2)
    expect(await replying({ ok: true, value: media }).api.library.get(media.id)).toEqual({
      ok: true,
      value: media,
    })
    const page = { items: [media], total: 1, offset: 0, limit: 50, refreshedAt: '2026-11-30T10:00:00.000Z' }
    expect(
      await replying({ ok: true, value: page }).api.library.query({
        sort: 'created-desc',
        offset: 0,
        limit: 50,
      }),
    ).toEqual({ ok: true, value: page })
    expect(await replying({ ok: true, value: null }).api.uploads.pickAndEnqueue('files', {
      accessPolicy: 'public',
      metadata: {},
    })).toEqual({ ok: true, value: null }) // prettier-ignore
  })

  test('failures from main pass through with their code', async () => {
    const error = { code: 'api/not-found', message: 'gone', status: 404 }
    expect(await replying({ ok: false, error }).api.library.get('m' as never)).toEqual({ ok: false, error })
  })

  test.each([
    ['a wrong value', { ok: true, value: { not: 'a job list' } }],
    ['a missing field', { ok: true, value: [{ ...fakeJob(1), state: undefined }] }],
    ['an unknown error code', { ok: false, error: { code: 'evil/code', message: 'x' } }],
    ['no envelope', 'hello'],
    ['nothing', undefined],
  ])('%s becomes a typed ipc/invalid-reply error, and is reported', async (_name, reply) => {
    const { api, warnings } = replying(reply)
    const result = await api.uploads.list()
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc/invalid-reply' } })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]![1]).toMatchObject({ channel: 'uploads:list' })
  })
})

describe('events are checked against their schema', () => {
  test('a malformed event is dropped and reported; a good one is delivered', () => {
    const { api, listeners, warnings } = replying(null)
    const got: unknown[] = []
    api.uploads.onProgress((p) => got.push(p))
    const push = (c: EventChannel, p: unknown) => listeners.get(c)!(p)
    push('uploads:progress', [{ id: 'a', bytesAcked: 'lots' }])
    expect(got).toEqual([])
    expect(warnings).toEqual([
      [expect.stringMatching(/malformed event/), expect.objectContaining({ channel: 'uploads:progress' })],
    ])
    const sample = { id: asJobId('a'), bytesAcked: 1, bytesInFlight: 2, rate: 3, etaSeconds: null }
    push('uploads:progress', [sample])
    expect(got).toEqual([[sample]])
  })

  test('every event channel has a schema that accepts what main sends', () => {
    const { api, listeners, warnings } = replying(null)
    const got: string[] = []
    for (const group of Object.values(api)) {
      for (const [name, fn] of Object.entries(group as Record<string, (l: (p: unknown) => void) => void>)) {
        if (name.startsWith('on')) fn(() => got.push(name))
      }
    }
    const sent: { [E in EventChannel]: unknown } = {
      'uploads:changed': { upserted: [fakeJob(1)], removed: ['job-2'] },
      'uploads:progress': [],
      'library:changed': null,
      'accounts:changed': [
        {
          name: 'sandbox',
          kind: 'fastpix',
          apiUrl: 'http://127.0.0.1:9/v1',
          streamUrl: 'http://127.0.0.1:9/stream',
          builtIn: true,
          selected: true,
          tokenIdHint: null,
        },
      ],
      'settings:changed': { concurrency: 3, chunkSizeMiB: null, bandwidthCap: null, defaultUpload: { accessPolicy: 'public', metadata: {} } },
      'app:network': { online: false },
      'app:command': 'pause-all',
    } // prettier-ignore
    for (const [c, p] of Object.entries(sent)) listeners.get(c)!(p)
    expect(warnings).toEqual([])
    expect(got).toHaveLength(EVENT_CHANNELS.length)
  })
})

const EN_US = describeCountFormat('en-US')

describe('main-side handler table', () => {
  test('handlers may be sync or async; answering nothing is null', async () => {
    const table = createHandlers({
      ...(Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, () => undefined])) as unknown as Handlers),
      'app:info': () => ({ version: '1', platform: 'test', online: true, countFormat: EN_US }),
      'uploads:list': () => Promise.resolve([fakeJob(1)]),
    })
    expect(await table['uploads:pause']({ all: true })).toBeNull()
    expect(await table['app:info'](null)).toEqual({
      version: '1',
      platform: 'test',
      online: true,
      countFormat: EN_US,
    })
    expect(await table['uploads:list'](null)).toEqual([fakeJob(1)])
  })
})

describe('refresh after uploads', () => {
  afterEach(() => void vi.useRealTimers())

  test('one refresh per quiet spell, only for jobs that reached processing or done', async () => {
    vi.useFakeTimers()
    let refreshes = 0
    let told = 0
    const r = refreshAfterUploads({
      refresh: () => Promise.resolve(void refreshes++),
      refreshed: () => void told++,
      failed: () => {},
      delayMs: 100,
    })
    r.jobChanged(fakeJob(1, { state: 'uploading' }))
    await vi.advanceTimersByTimeAsync(200)
    expect(refreshes).toBe(0)
    r.jobChanged(fakeJob(1, { state: 'processing' }))
    await vi.advanceTimersByTimeAsync(50)
    r.jobChanged(fakeJob(2, { state: 'done' }))
    await vi.advanceTimersByTimeAsync(99)
    expect(refreshes).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect([refreshes, told]).toEqual([1, 1])
    r.jobChanged(fakeJob(3, { state: 'done' }))
    r.dispose()
    await vi.advanceTimersByTimeAsync(500)
    expect(refreshes).toBe(1)
  })
})
