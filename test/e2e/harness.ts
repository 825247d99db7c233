import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { build, type Rolldown } from 'vite'
import type { JobId } from '../../common/domain/ids.ts'
import type { PickKind } from '../../common/ipc/channels.ts'
import { createCore, type Core } from '../../main/core.ts'
import { dispatch } from '../../main/ipc/dispatch.ts'
import { userChose } from '../../main/window/local-media.ts'
import type { Confirmation } from '../../main/ipc/ports.ts'
import { InMemorySecretStore } from '../fakes/in-memory-secret-store.ts'
import { routeLocalMedia } from './local-media-route.ts'
import { launchChromium, serveBuiltRenderer } from '../helpers/chromium.ts'

const root = resolve(import.meta.dirname, '../..')
let preloadIife: Promise<string> | null = null

/** Bundles preload/api.ts — the very code the Electron preload runs — as an IIFE for the page. */
export function bundlePreloadApi(): Promise<string> {
  preloadIife ??= (async () => {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        // Minified, as electron.vite.config.ts builds the real preload: parsed on the page's main thread first.
        minify: true,
        lib: { entry: join(root, 'preload/api.ts'), formats: ['iife'], name: 'SpoolPreload' },
      },
    })
    const first = (Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput
    const chunk = first.output[0]
    return chunk.code
  })()
  return preloadIife
}

/** The page side of the Playwright transport, installed before the renderer's own scripts run. */
function initScript(iife: string): string {
  return `${iife}
;(() => {
  const listeners = new Map()
  window.__spoolEmit = (channel, payload) => { for (const l of listeners.get(channel) ?? []) l(payload) }
  // Plays the Electron preload's part in a drop: the paths Harness.drop() named, granted to main first.
  window.__spoolDropPaths = {}
  const invoke = (channel, payload) => window.__spoolInvoke(channel, payload)
  window.spool = SpoolPreload.createSpoolApi({
    invoke,
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set)
      set.add(listener)
      return () => set.delete(listener)
    },
  }, {
    pathForFile: (file) => window.__spoolDropPaths[file.name] ?? '',
    dropsSettled: async () => {
      const paths = Object.values(window.__spoolDropPaths)
      if (paths.length > 0) await invoke('uploads:grant-dropped', { paths })
    },
  })
})()`
}

/** One running app: the real core (real services, embedded real sandbox) behind the built renderer. */
export type Harness = Readonly<{
  core: Core
  page: Page
  home: string
  /** Every IPC response and event the page received, serialised (for the secret scan). */
  wire: string[]
  /** Every question main asked in its native confirmation dialog (all answered yes). */
  confirms: Confirmation[]
  /** What the next Add files…/Add folder… dialog "chooses". */
  setPick(paths: ReadonlyArray<string> | null): void
  /** Drops these files or folders on the Uploads page, as a user dragging them from the file manager. */
  drop(paths: ReadonlyArray<string>): Promise<void>
  openPage(): Promise<Page>
  close(): Promise<void>
}>

/** Starts browser, preview server, core; opens the first page. */
export async function startHarness(): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'spool-e2e-'))
  let picked: ReadonlyArray<string> | null = null
  const wire: string[] = []
  const confirms: Confirmation[] = []
  const core = createCore({
    home,
    env: { SPOOL_HOME: home },
    secrets: new InMemorySecretStore(),
    version: '0.0.0-e2e',
    platform: process.platform,
    eventIntervalMs: 100,
    libraryRefreshDelayMs: 500,
    dialogs: {
      pick: (_kind: PickKind) => Promise.resolve(picked),
      confirm: (q) => {
        confirms.push(q)
        return Promise.resolve(true)
      },
    },
    external: { open: () => Promise.resolve() },
  })
  const [server, browser, iife] = await Promise.all([
    serveBuiltRenderer(),
    launchChromium(),
    bundlePreloadApi(),
  ])
  let page: Page | null = null
  const sessionStartedAt = Date.now()
  const openPage = async (): Promise<Page> => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    await p.exposeFunction('__spoolInvoke', async (channel: unknown, payload: unknown) => {
      const result = await dispatch(core.handlers, channel, payload)
      wire.push(JSON.stringify(result))
      return result
    })
    await p.addInitScript(initScript(iife))
    // The queued files' bytes for poster frames, from main's own handler as the app:// protocol serves them.
    await routeLocalMedia(p, {
      job: (id) => core.uploads.get(id as JobId),
      allowed: userChose(core.grants, sessionStartedAt),
    })
    page = p
    await p.goto(server.url)
    return p
  }
  core.attach((channel, payload) => {
    wire.push(JSON.stringify({ channel, payload }))
    const target = page
    if (!target || target.isClosed()) return
    target
      .evaluate(
        ([c, x]) => (window as unknown as { __spoolEmit(c: unknown, x: unknown): void }).__spoolEmit(c, x),
        [channel, payload] as const,
      )
      .catch(() => undefined)
  })
  core.start()
  const first = await openPage()
  return {
    core,
    page: first,
    home,
    wire,
    confirms,
    setPick: (paths) => {
      picked = paths
    },
    drop: async (paths) => {
      const target = page ?? first
      await target.evaluate((list) => {
        const w = window as unknown as { __spoolDropPaths: Record<string, string> }
        const transfer = new DataTransfer()
        w.__spoolDropPaths = {}
        for (const path of list) {
          const name = path.split('/').pop() ?? path
          w.__spoolDropPaths[name] = path
          transfer.items.add(new File([], name))
        }
        const zone = document.querySelector('.drop-zone')
        if (!zone) throw new Error('no drop zone on this page')
        zone.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        )
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      }, paths)
    },
    openPage,
    async close() {
      await browser.close()
      await server.close()
      await core.dispose()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** The embedded sandbox's credentials (the e2e plays "a user who knows the right secret"). */
export function sandboxCredentials(home: string): { username: string; password: string } {
  return JSON.parse(readFileSync(join(home, 'sandbox', 'credentials.json'), 'utf8')) as {
    username: string
    password: string
  }
}
