import { afterEach, describe, expect, test, vi } from 'vitest'
import { APP_COMMANDS, INVOKE_CHANNELS } from '../../../common/ipc/channels.ts'
import type { UploadJob } from '../../../common/domain/upload.ts'
import { asBatchId } from '../../../common/domain/ids.ts'
import { fakeJob } from '../../fakes/fake-api.ts'
import { FakeWindow, seen } from './electron-mock.ts'

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock())

/** A stand-in core: a settable queue and recorded setOnline calls. */
function fakeCore(jobs: UploadJob[]) {
  const listeners = new Set<(j: UploadJob) => void>()
  const online: boolean[] = []
  const core = {
    jobs,
    online,
    handlers: Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, () => Promise.resolve(null)])),
    uploads: {
      list: () => core.jobs,
      batches: () => [
        {
          id: 'batch-1',
          label: 'day1',
          origin: 'drop',
          manifestPath: null,
          createdAt: '2026-01-01T00:00:00Z',
        },
      ],
      onChanged: (cb: (j: UploadJob) => void) => {
        listeners.add(cb)
        return () => listeners.delete(cb)
      },
    },
    changed: () => listeners.forEach((l) => l(core.jobs[0]!)),
    attach: vi.fn(() => () => {}),
    start: vi.fn(),
    setOnline: (v: boolean) => online.push(v),
    dispose: vi.fn(() => Promise.resolve()),
  }
  return core
}

vi.mock('../../../main/core.ts', () => ({ createCore: vi.fn(() => currentCore) }))
vi.mock('../../../main/accounts/keytar-secret-store.ts', () => ({ createKeytarSecretStore: () => ({}) }))
let currentCore: ReturnType<typeof fakeCore> = fakeCore([])

const { buildMenuTemplate } = await import('../../../main/desktop/menu.ts')
const { attachDesktopShell } = await import('../../../main/desktop/shell.ts')
const { batchMessage, createBatchTracker, snapshot } = await import('../../../main/desktop/queue-watch.ts')
const { prepareApp, startDesktopApp, allowedOrigins } = await import('../../../main/desktop/app-main.ts')
const { createCore } = await import('../../../main/core.ts')
const electron = await import('electron')

afterEach(() => {
  vi.useRealTimers()
})

describe('menu', () => {
  test('every app command has one menu item with a unique shortcut, and clicking sends it', () => {
    const sent: string[] = []
    const template = buildMenuTemplate((c) => sent.push(c), false)
    type Item = { accelerator?: string; click?: () => void; submenu?: Item[] }
    const items = (template as Item[]).flatMap((m) => m.submenu ?? []).filter((i) => i.click)
    for (const i of items) i.click!()
    expect([...sent].sort()).toEqual([...APP_COMMANDS].sort())
    const accelerators = items.map((i) => i.accelerator)
    expect(new Set(accelerators).size).toBe(accelerators.length)
    expect((buildMenuTemplate(() => {}, true)[0] as { role?: string }).role).toBe('appMenu')
  })
})

describe('queue watching (pure)', () => {
  test('snapshot: fraction over active work, moving while bytes go', () => {
    expect(snapshot([])).toEqual({ fraction: null, moving: false, active: 0 })
    const s = snapshot([
      fakeJob(1, { state: 'uploading', bytesAcked: 2_500_000 }),
      fakeJob(2, { state: 'queued' }),
      fakeJob(3, { state: 'done' }),
    ])
    expect(s).toEqual({ fraction: 0.125, moving: true, active: 2 })
  })

  test('each batch is reported once, with its counts, when none of its files is active any more', () => {
    const track = createBatchTracker()
    const a = (i: number, state: UploadJob['state']) => fakeJob(i, { state, batchId: asBatchId('a') })
    const b = (i: number, state: UploadJob['state']) => fakeJob(i, { state, batchId: asBatchId('b') })
    expect(track([a(1, 'uploading'), a(2, 'queued'), b(3, 'queued')])).toEqual([])
    expect(track([a(1, 'done'), a(2, 'processing'), b(3, 'uploading')])).toEqual([])
    expect(track([a(1, 'done'), a(2, 'failed'), b(3, 'uploading')])).toEqual([
      { batchId: 'a', counts: { done: 1, failed: 1, cancelled: 0 } },
    ])
    expect(track([a(1, 'done'), a(2, 'failed'), b(3, 'uploading')])).toEqual([])
    expect(track([a(1, 'done'), a(2, 'failed'), b(3, 'cancelled')])).toEqual([
      { batchId: 'b', counts: { done: 0, failed: 0, cancelled: 1 } },
    ])
    expect(batchMessage({ done: 1, failed: 1, cancelled: 0 }, 'day1')).toEqual({
      title: '“day1” finished with problems',
      body: '1 uploaded, 1 failed.',
    })
    expect(batchMessage({ done: 2, failed: 0, cancelled: 0 }).title).toBe('Uploads finished')
  })
})

describe('desktop shell (electron mocked)', () => {
  test('progress bar, power-save blocker, notification, suspend/resume and online/offline', () => {
    vi.useFakeTimers()
    const batchId = asBatchId('batch-1')
    const core = fakeCore([
      fakeJob(1, { state: 'uploading', bytesAcked: 5_000_000, batchId }),
      fakeJob(2, { state: 'uploading', bytesAcked: 5_000_000 }),
    ])
    const win = new FakeWindow({})
    const detach = attachDesktopShell(win as never, core as never, 1000)
    expect(win.progress).toBe(0.5)
    expect(seen.blockers.size).toBe(1)
    /** The queue changes to `jobs` and the shell's debounce passes. */
    const queueIs = (jobs: UploadJob[]): void => {
      core.jobs = jobs
      core.changed()
      vi.advanceTimersByTime(300)
    }
    // In the window, the batch's header says it; no notification.
    win.focused = true
    queueIs([
      fakeJob(1, { state: 'done', batchId }),
      fakeJob(2, { state: 'uploading', bytesAcked: 5_000_000 }),
    ])
    expect(seen.notifications).toEqual([])
    // In the background, each finished batch is named.
    win.focused = false
    queueIs([fakeJob(1, { state: 'done', batchId }), fakeJob(2, { state: 'done', bytesAcked: 10_000_000 })])
    expect(win.progress).toBe(-1)
    expect(seen.blockers.size).toBe(0)
    expect(seen.notifications).toEqual([{ title: 'Uploads finished', body: '1 uploaded.' }])
    queueIs([...core.jobs, fakeJob(3, { state: 'uploading', batchId })])
    queueIs([...core.jobs.slice(0, 2), fakeJob(3, { state: 'failed', batchId })])
    expect(seen.notifications.at(-1)).toEqual({
      title: '“day1” finished with problems',
      body: '0 uploaded, 1 failed.',
    })

    seen.powerListeners.get('suspend')!()
    expect(core.online.at(-1)).toBe(false)
    seen.powerListeners.get('resume')!()
    expect(core.online.at(-1)).toBe(true)
    seen.online = false
    vi.advanceTimersByTime(1000)
    expect(core.online.at(-1)).toBe(false)
    seen.online = true
    vi.advanceTimersByTime(1000)
    expect(core.online.at(-1)).toBe(true)
    expect(electron.nativeTheme.themeSource).toBe('system')
    detach()
    expect(seen.powerListeners.size).toBe(0)
  })
})

describe('app bootstrap (electron mocked)', () => {
  test('sandbox everywhere, app:// privileged, one instance; a second instance quits', () => {
    seen.lockGranted = true
    expect(prepareApp()).toBe(true)
    expect(electron.app.enableSandbox).toHaveBeenCalled()
    // The window's renderer runs with the V8 flags B6 measures it with (main/window/renderer-flags.ts).
    expect(electron.app.commandLine.appendSwitch).toHaveBeenCalledWith('js-flags', '--no-maglev')
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
      },
    ])
    seen.lockGranted = false
    expect(prepareApp()).toBe(false)
    expect(electron.app.quit).toHaveBeenCalled()
    seen.lockGranted = true
  })

  test('startDesktopApp wires permissions, IPC, protocol, window, menu and loads app://bundle', async () => {
    currentCore = fakeCore([])
    seen.handlers.clear()
    await startDesktopApp(
      { preload: '/out/preload/index.js', renderer: '/out/renderer' },
      { SPOOL_HOME: '/tmp/spool-unit-home' },
    )
    expect([...seen.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    const cb = vi.fn()
    seen.permissionRequest!(null, 'camera', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    const win = seen.windows.at(-1)!
    expect((win.options.webPreferences as { preload: string }).preload).toBe('/out/preload/index.js')
    expect(win.win.loaded).toBe('app://bundle/index.html')
    expect(seen.menuTemplate).toBeTruthy()
    expect(currentCore.start).toHaveBeenCalled()
    // The locale's way of writing counts is described as main starts, for the window (app:info).
    expect(vi.mocked(createCore).mock.calls.at(-1)![0].countFormat).toMatchObject({ group: '.', primary: 3 })
    expect(seen.appListeners.has('web-contents-created')).toBe(true)
    // A window hidden to keep uploading comes back from a second launch or the Dock; the queue stops on
    // will-quit (a quit the close guard holds back never stops it).
    for (const event of ['second-instance', 'activate', 'before-quit', 'will-quit'])
      expect(seen.appListeners.has(event)).toBe(true)
    // An IPC call from a foreign frame is refused by the real registrar.
    const refused = await seen.handlers.get('uploads:list')!(
      { senderFrame: { url: 'https://evil.com', parent: null } },
      null,
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc/untrusted-sender' } })
    const accepted = await seen.handlers.get('uploads:pause')!(
      { senderFrame: { url: 'app://bundle/index.html', parent: null } },
      { all: true },
    )
    expect(accepted).toMatchObject({ ok: true })
  })

  test('the dev server origin is trusted only when unpackaged', () => {
    expect(allowedOrigins(true, 'http://localhost:5173')).toEqual(['app://bundle'])
    expect(allowedOrigins(false, 'http://localhost:5173')).toEqual(['app://bundle', 'http://localhost:5173'])
  })
})
