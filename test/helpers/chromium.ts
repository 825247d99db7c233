import { chromium, type Browser } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { resolve } from 'node:path'
import { RENDERER_JS_FLAGS } from '../../main/window/renderer-flags.ts'

/**
 * Flags that keep a headless Chromium off the (closed) network and its first-run work, and the V8 flags main
 * gives the window's renderer (main/window/renderer-flags.ts): the page runs here as it runs in the window.
 */
const QUIET = [
  `--js-flags=${RENDERER_JS_FLAGS}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Debian's chromium, never a Playwright download. `headless-shell` is Debian's chromium-headless-shell instead:
 * the same engine with no browser around it, as Electron's window has none. The browser's new headless mode
 * runs all of Chrome beside the page on the same two cores (a trace shows it loading Chrome's own pages, the
 * omnibox popup's, meanwhile; turning that one feature off changed nothing, so the cost is the browser as a
 * whole). B6 measures the window's first rows in the shell for that reason.
 */
export async function launchChromium(kind: 'browser' | 'headless-shell' = 'browser'): Promise<Browser> {
  if (kind === 'headless-shell')
    return chromium.launch({
      executablePath: process.env.SPOOL_CHROMIUM_SHELL ?? '/usr/bin/chromium-headless-shell',
      headless: true,
      args: QUIET,
    })
  return chromium.launch({
    executablePath: process.env.SPOOL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', ...QUIET],
  })
}

/**
 * Serves the built renderer (out/renderer, from `electron-vite build`; SPOOL_RENDERER_OUT names another build,
 * so one engineer's build does not replace the one another's run is reading) on 127.0.0.1 and a free port.
 */
export async function serveBuiltRenderer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    root: resolve(import.meta.dirname, '../../renderer'),
    configFile: false,
    logLevel: 'silent',
    build: { outDir: process.env.SPOOL_RENDERER_OUT ?? resolve(import.meta.dirname, '../../out/renderer') },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a URL')
  return { url, close: () => server.close() }
}
