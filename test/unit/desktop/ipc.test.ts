import { describe, expect, test, vi } from 'vitest'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../common/ipc/channels.ts'
import { AppFailure, type IpcResult } from '../../../common/ipc/result.ts'
import { asJobId } from '../../../common/domain/ids.ts'
import type { HandlerTable } from '../../../main/ipc/handlers.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { createEventEmitter } from '../../../main/ipc/emitter.ts'
import { registerIpc } from '../../../main/ipc/register.ts'
import { isTrustedSender } from '../../../main/ipc/trusted-sender.ts'
import { createSpoolApi, type SpoolTransport } from '../../../preload/api.ts'
import { fakeJob } from '../../fakes/fake-api.ts'

/** A handler table whose every channel answers a plausible value — or throws, to prove nothing escapes. */
function fakeHandlers(mode: 'ok' | 'app-failure' | 'bug' = 'ok'): HandlerTable {
  const answer = (): Promise<never> => {
    if (mode === 'app-failure')
      return Promise.reject(new AppFailure({ code: 'api/not-found', message: 'gone' }))
    if (mode === 'bug') return Promise.reject(new TypeError('boom'))
    // An answer every channel whose result may be empty accepts (the registrar test calls uploads:pause).
    return Promise.resolve(null as never)
  }
  return Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, answer])) as unknown as HandlerTable
}

const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } }

describe('sender check (SEC-06)', () => {
  test.each([
    [{ url: 'app://bundle/index.html', parent: null }, true],
    [null, false],
    [undefined, false],
    [{ url: 'app://bundle/index.html', parent: {} }, false],
    [{ url: 'https://evil.com/', parent: null }, false],
    [{ url: 'about:blank', parent: null }, false],
    [{ url: 'file:///index.html', parent: null }, false],
    [{ url: 'http://localhost:5173/', parent: null }, false],
    [{ url: '::', parent: null }, false],
  ])('%j → %s', (frame, ok) => {
    expect(isTrustedSender(frame, ['app://bundle'])).toBe(ok)
  })
})

describe('the registrar', () => {
  test('registers every channel; untrusted senders get a typed refusal; removal unregisters', async () => {
    const handlers = new Map<string, (e: unknown, p: unknown) => Promise<IpcResult<unknown>>>()
    const ipcMain = {
      handle: (c: string, fn: (e: unknown, p: unknown) => Promise<IpcResult<unknown>>) => handlers.set(c, fn),
      removeHandler: (c: string) => handlers.delete(c),
    }
    const off = registerIpc(ipcMain as never, fakeHandlers(), () => ['app://bundle'])
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    const refused = await handlers.get('uploads:list')!(
      { senderFrame: { url: 'https://evil.com', parent: null } },
      null,
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc/untrusted-sender' } })
    const accepted = await handlers.get('uploads:pause')!(trusted, { all: true })
    expect(accepted.ok).toBe(true)
    off()
    expect(handlers.size).toBe(0)
  })

  test('failures become typed errors: AppFailure keeps its code, a bug is internal/unexpected', async () => {
    const table = fakeHandlers('app-failure')
    expect(await dispatch(table, 'library:get', { id: '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f' })).toEqual({
      ok: false,
      error: { code: 'api/not-found', message: 'gone' },
    })
    const bug = await dispatch(fakeHandlers('bug'), 'library:get', {
      id: '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f',
    })
    expect(bug).toMatchObject({ ok: false, error: { code: 'internal/unexpected' } })
    expect(await dispatch(table, 'nope:nope', null)).toMatchObject({
      ok: false,
      error: { code: 'ipc/unknown-channel' },
    })
    expect(await dispatch(table, 'library:get', { id: '../../etc' })).toMatchObject({
      ok: false,
      error: { code: 'ipc/invalid-payload' },
    })
  })
})

/** A tiny deterministic PRNG so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 14)
  const str = () => ['', 'a', '../x', 'x'.repeat(Math.floor(r() * 5000)), '\u0000', 'app://bundle', '__proto__', 'all'][Math.floor(r() * 8)]!
  switch (pick) {
    case 0: return null
    case 1: return undefined
    case 2: return r() * 1e9 - 5e8
    case 3: return Number.NaN
    case 4: return r() > 0.5
    case 5: return str()
    case 6: return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 6) }, () => randomValue(r, depth + 1))
    case 7: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [str(), randomValue(r, depth + 1)]))
    case 8: return { ids: Array.from({ length: Math.floor(r() * 3) }, () => randomValue(r, depth + 1)) }
    case 9: return { all: randomValue(r, depth + 1) }
    case 10: return { id: randomValue(r, depth + 1), patch: randomValue(r, depth + 1) }
    case 11: return { paths: Array.from({ length: 20_001 }, () => 'x') }
    case 12: return { name: str(), apiUrl: str(), tokenId: str(), secretKey: str() }
    default: return JSON.parse('{"__proto__": {"polluted": true}}') as unknown
  }
} // prettier-ignore

describe('IPC fuzz: 10,000 random and malformed payloads through the registrar', () => {
  test(
    'every request gets an IpcResult; nothing throws; bad payloads get typed errors',
    { timeout: 120_000 },
    async () => {
      const handlers = new Map<string, (e: unknown, p: unknown) => Promise<IpcResult<unknown>>>()
      registerIpc(
        { handle: (c: string, fn: never) => handlers.set(c, fn), removeHandler: () => {} },
        fakeHandlers('bug'),
        () => ['app://bundle'],
      )
      const r = prng(20261121)
      const codes = new Map<string, number>()
      for (let i = 0; i < 10_000; i++) {
        const channel = INVOKE_CHANNELS[Math.floor(r() * INVOKE_CHANNELS.length)]!
        const sender = r() < 0.1 ? { senderFrame: { url: 'https://evil.com', parent: null } } : trusted
        const result = await handlers.get(channel)!(sender, randomValue(r))
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) {
          expect(result.error.code).toMatch(/^[a-z]+\/[a-z-]+$/)
          expect(typeof result.error.message).toBe('string')
          codes.set(result.error.code, (codes.get(result.error.code) ?? 0) + 1)
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(codes.get('ipc/invalid-payload')).toBeGreaterThan(5000)
      expect(codes.get('ipc/untrusted-sender')).toBeGreaterThan(500)
    },
  )
})

describe('the event emitter coalesces queue events', () => {
  test('≤ one uploads:progress and one uploads:changed per interval, latest per job, removals win', () => {
    vi.useFakeTimers()
    const sent: Array<[string, unknown]> = []
    const e = createEventEmitter((c, p) => sent.push([c, p]), 100)
    for (let i = 0; i < 50; i++) {
      e.emit('uploads:progress', [
        { id: asJobId('a'), bytesAcked: i, bytesInFlight: 0, rate: 1, etaSeconds: 1 },
      ])
    }
    e.emit('uploads:changed', { upserted: [fakeJob(1), fakeJob(2)], removed: [] })
    e.emit('uploads:changed', { upserted: [], removed: [asJobId('job-2')] })
    e.emit('accounts:changed', [])
    expect(sent.map(([c]) => c)).toEqual(['accounts:changed'])
    vi.advanceTimersByTime(100)
    expect(sent.slice(1)).toEqual([
      ['uploads:changed', { upserted: [fakeJob(1)], removed: ['job-2'] }],
      ['uploads:progress', [{ id: 'a', bytesAcked: 49, bytesInFlight: 0, rate: 1, etaSeconds: 1 }]],
    ])
    e.dispose()
    e.emit('uploads:progress', [])
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(3)
    vi.useRealTimers()
  })
})

describe('createSpoolApi (the preload facade)', () => {
  const transport = () => {
    const calls: Array<[string, unknown]> = []
    const listeners = new Map<string, (p: unknown) => void>()
    const t: SpoolTransport = {
      invoke: (c, p) => {
        calls.push([c, p])
        return Promise.resolve({ ok: true, value: null })
      },
      on: (c, l) => {
        listeners.set(c, l)
        return () => listeners.delete(c)
      },
    }
    return { t, calls, listeners }
  }

  test('named functions only, grouped by domain, frozen; no generic invoke or ipcRenderer', () => {
    const api = createSpoolApi(transport().t)
    expect(Object.keys(api)).toEqual([
      'uploads',
      'review',
      'library',
      'tracks',
      'unused',
      'accounts',
      'settings',
      'app',
    ])
    expect(Object.keys(api.uploads)).toEqual([
      'list', 'batches', 'enqueueFiles', 'pickAndEnqueue', 'pickAndRelocate', 'pause', 'resume', 'cancel', 'retry', 'clearDone', 'onChanged', 'onProgress',
    ]) // prettier-ignore
    const all = Object.values(api).flatMap((g) => Object.keys(g))
    expect(all).not.toContain('invoke')
    expect(all).not.toContain('send')
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc/i)
    expect(Object.isFrozen(api) && Object.isFrozen(api.uploads)).toBe(true)
  })

  test('calls map to their channels with the contract payloads', async () => {
    const { t, calls } = transport()
    const api = createSpoolApi(t)
    await api.uploads.pause('all')
    await api.uploads.cancel([asJobId('j1')])
    await api.tracks.delete('m' as never, 't' as never)
    await api.settings.get()
    expect(calls).toEqual([
      ['uploads:pause', { all: true }],
      ['uploads:cancel', { ids: ['j1'] }],
      ['tracks:delete', { mediaId: 'm', trackId: 't' }],
      ['settings:get', null],
    ])
  })

  test('subscriptions get the payload only and unsubscribe; a dead transport is a value, not a throw', async () => {
    const { t, listeners } = transport()
    const api = createSpoolApi(t)
    const got: unknown[] = []
    const off = api.app.onNetwork((p) => got.push(p))
    listeners.get('app:network')!({ online: false })
    expect(got).toEqual([{ online: false }])
    off()
    expect(listeners.has('app:network')).toBe(false)
    const dead = createSpoolApi({ invoke: () => Promise.reject(new Error('gone')), on: () => () => {} })
    expect(await dead.uploads.list()).toMatchObject({ ok: false, error: { code: 'internal/unexpected' } })
  })

  test('dropped files resolve through pathForFile; without it the call fails as a value', async () => {
    const { t, calls } = transport()
    const api = createSpoolApi(t, { pathForFile: (f) => `/abs/${(f as { name: string }).name}` })
    await api.uploads.enqueueFiles([{ name: 'a.mp4' }], { accessPolicy: 'public', metadata: {} })
    expect(calls[0]).toEqual([
      'uploads:enqueue',
      { paths: ['/abs/a.mp4'], settings: { accessPolicy: 'public', metadata: {} } },
    ])
    // The batch settings' "upload again" checkbox goes with the drop (issue 13 §2).
    await api.uploads.enqueueFiles(
      [{ name: 'b.mp4' }],
      { accessPolicy: 'public', metadata: {} },
      { force: true },
    )
    expect(calls[1]).toEqual([
      'uploads:enqueue',
      { paths: ['/abs/b.mp4'], settings: { accessPolicy: 'public', metadata: {} }, force: true },
    ])
    const bare = createSpoolApi(t)
    expect(await bare.uploads.enqueueFiles([{}], { accessPolicy: 'public', metadata: {} })).toMatchObject({
      ok: false,
    })
  })

  test('every event channel has a subscription in the facade', () => {
    const { t, listeners } = transport()
    const api = createSpoolApi(t)
    api.uploads.onChanged(() => {})
    api.uploads.onProgress(() => {})
    api.library.onChanged(() => {})
    api.accounts.onChanged(() => {})
    api.settings.onChanged(() => {})
    api.app.onNetwork(() => {})
    api.app.onCommand(() => {})
    expect([...listeners.keys()].sort()).toEqual([...EVENT_CHANNELS].sort())
  })
})
