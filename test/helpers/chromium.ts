import { chromium, type Browser } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { resolve } from 'node:path'

/** Debian's chromium, never a Playwright download; flags keep it off the (closed) network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SPOOL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
