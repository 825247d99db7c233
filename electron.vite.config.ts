import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { JSX_FOR_PREACT, PREACT_COMPAT } from './preact-compat.config.mts'

const root = import.meta.dirname

// main and preload build to CommonJS (a sandboxed preload cannot be ESM); got is ESM-only and is bundled.
// A sandboxed preload can require only electron's own modules; it imports nothing else (it checks no schema:
// main checks every request, reply and event, and test/unit/desktop/preload-bundle.test.ts keeps zod out of it).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['got'] },
      rolldownOptions: { input: { index: resolve(root, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Minified (5 KB): the preload is parsed on the window's main thread before the page's own script, at every
      // start (B6).
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves every bundle unminified; the window's script is read, parsed and compiled before
      // the first row can paint (B6), and minified it is about a third of the bytes.
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
    resolve: { alias: PREACT_COMPAT },
    oxc: JSX_FOR_PREACT,
  },
})
