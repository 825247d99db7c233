import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  INVOKES,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
} from '../../../common/ipc/contract.ts'
import { FACADE_GROUPS } from '../../../common/ipc/facade.ts'
import { AppFailure, appError } from '../../../common/ipc/result.ts'
import { asJobId } from '../../../common/domain/ids.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { checkedSink } from '../../../main/ipc/emitter.ts'
import { createHandlers, type HandlerTable, type Handlers } from '../../../main/ipc/handlers.ts'
import { refreshAfterUploads } from '../../../main/library/refresh-after-uploads.ts'
import { setLogSink } from '../../../main/logging/log.ts'
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

/** Main's log lines while `run` runs. */
async function logged(run: () => unknown): Promise<string[]> {
  const lines: string[] = []
  setLogSink((line) => lines.push(line))
  try {
    await run()
  } finally {
    setLogSink(() => {})
  }
  return lines
}

/** Main's answer on `channel` when its handler answers `value`. */
const answering = (channel: InvokeChannel, value: unknown, request: unknown = null) =>
  dispatch({ [channel]: () => Promise.resolve(value) } as unknown as HandlerTable, channel, request)

const facadeChannels = () =>
  Object.values(FACADE_GROUPS).flatMap((g) => Object.values(g).map((entry) => entry.channel))

describe('the contract declares each channel once, and the facade places it once', () => {
  test('channel names are unique and every one is either an invoke or an event', () => {
    const all = facadeChannels()
    expect(new Set(all).size).toBe(all.length)
    expect([...INVOKE_CHANNELS, ...EVENT_CHANNELS].sort()).toEqual([...all].sort())
    expect(INVOKE_CHANNELS).toContain('uploads:grant-dropped')
    expect(INVOKE_CHANNELS).toContain('uploads:enqueue')
    expect(Object.keys(INVOKES).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  test('the facade mirrors its table, minus the preload-only grant', () => {
    const { api } = replying({ ok: true, value: null })
    for (const [group, entries] of Object.entries(FACADE_GROUPS)) {
      const expected = Object.entries(entries)
        .filter(([, entry]) => entry.kind !== 'preload-only')
        .map(([name]) => name)
      expect(Object.keys((api as unknown as Record<string, object>)[group]!)).toEqual(expected)
    }
    expect(Object.keys(api.uploads)).not.toContain('grantDropped')
  })
})

describe("main checks every answer against its channel's result schema before it leaves", () => {
  test('a well-formed answer leaves as it was, optional fields absent or present', async () => {
    const job = fakeJob(1, { error: { code: 'network/offline', message: 'offline', retryable: true } })
    expect(await answering('uploads:list', [job])).toEqual({ ok: true, value: [job] })
    const media = fakeMedia(2)
    expect(await answering('library:get', media, { id: '42' })).toEqual({ ok: true, value: media })
    const page = { items: [media], total: 1, offset: 0, limit: 50, refreshedAt: '2026-11-30T10:00:00.000Z' }
    const query = { sort: 'created-desc', offset: 0, limit: 50 }
    expect(await answering('library:query', page, query)).toEqual({ ok: true, value: page })
    const pick = { kind: 'files', settings: { accessPolicy: 'public', metadata: {} } }
    expect(await answering('uploads:pick-and-enqueue', null, pick)).toEqual({ ok: true, value: null })
  })

  test('what the schema does not name never leaves main', async () => {
    const job = fakeJob(1)
    const leaky = { ...job, sessionUri: 'https://storage.example/upload?upload_id=SECRET', secretKey: 'sk' }
    const reply = await answering('uploads:list', [leaky])
    expect(reply).toEqual({ ok: true, value: [job] })
    expect(JSON.stringify(reply)).not.toMatch(/SECRET|secretKey/)
  })

  test.each([
    ['a wrong value', { not: 'a job list' }],
    ['a missing field', [{ ...fakeJob(1), state: undefined }]],
    ['a wrong state', [{ ...fakeJob(1), state: 'teleported' }]],
  ])('%s becomes ipc/invalid-reply, and main logs where, not what', async (_name, value) => {
    let reply: unknown
    const lines = await logged(async () => void (reply = await answering('uploads:list', value)))
    expect(reply).toMatchObject({ ok: false, error: { code: 'ipc/invalid-reply' } })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', channel: 'uploads:list' })
    expect(lines[0]).not.toMatch(/teleported|a job list/)
  })

  test('a failure from the handler leaves with its code', async () => {
    const failing = { 'library:get': () => Promise.reject(new AppFailure(appError('api/not-found', 'gone'))) }
    const reply = await dispatch(failing as unknown as HandlerTable, 'library:get', { id: '42' })
    expect(reply).toEqual({ ok: false, error: { code: 'api/not-found', message: 'gone' } })
  })
})

describe('the facade passes envelopes through and refuses anything else', () => {
  test('an answer or a failure from main reaches the window as it came', async () => {
    const job = fakeJob(1)
    expect(await replying({ ok: true, value: [job] }).api.uploads.list()).toEqual({ ok: true, value: [job] })
    const error = { code: 'api/not-found', message: 'gone', status: 404 }
    expect(await replying({ ok: false, error }).api.library.get('m' as never)).toEqual({ ok: false, error })
  })

  test.each([
    ['no envelope', 'hello'],
    ['nothing', undefined],
    ['null', null],
    ['success without a value', { ok: true }],
    ['a failure without an error', { ok: false }],
    ['an error without a message', { ok: false, error: { code: 'api/server' } }],
    ['an error code that is not a string', { ok: false, error: { code: 7, message: 'x' } }],
  ])('%s becomes a typed ipc/invalid-reply error, and is reported', async (_name, reply) => {
    const { api, warnings } = replying(reply)
    const result = await api.uploads.list()
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc/invalid-reply' } })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]![1]).toMatchObject({ channel: 'uploads:list' })
  })
})

describe('main checks every event against its schema before it leaves', () => {
  test('a malformed event is not sent, and is logged; a good one leaves as it was, stripped', async () => {
    const sent: Array<[string, unknown]> = []
    const sink = checkedSink((c, p) => void sent.push([c, p]))
    const lines = await logged(() =>
      sink('uploads:progress', [
        { id: 'a', bytesAcked: 'lots' },
      ] as unknown as EventContract['uploads:progress']),
    )
    expect(sent).toEqual([])
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', channel: 'uploads:progress' })
    expect(lines[0]).not.toMatch(/lots/)
    const sample = { id: asJobId('a'), bytesAcked: 1, bytesInFlight: 2, rate: 3, etaSeconds: null }
    sink('uploads:progress', [{ ...sample, uploadUrl: 'https://storage.example/?sig=SECRET' }] as never)
    expect(sent).toEqual([['uploads:progress', [sample]]])
  })

  test('every event channel has a schema that accepts what main sends', async () => {
    const sent: string[] = []
    const sink = checkedSink((c) => void sent.push(c))
    const events: { [E in EventChannel]: unknown } = {
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
    const lines = await logged(() => {
      for (const [c, p] of Object.entries(events)) sink(c as EventChannel, p as never)
    })
    expect(lines).toEqual([])
    expect(sent.sort()).toEqual([...EVENT_CHANNELS].sort())
  })

  test('the facade hands each event to its listener as main sent it', () => {
    const { api, listeners } = replying(null)
    const got: unknown[] = []
    api.uploads.onProgress((p) => got.push(p))
    const sample = { id: asJobId('a'), bytesAcked: 1, bytesInFlight: 2, rate: 3, etaSeconds: null }
    listeners.get('uploads:progress')!([sample])
    expect(got).toEqual([[sample]])
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
