import type { Alias } from 'vite'

/**
 * The window runs on Preact behind React's API (preact/compat). The renderer's code is written and typed
 * against React (@types/react); every import of React resolves to Preact when the window is built
 * (electron.vite.config.ts) and when the renderer tests run (vitest.config.mts), so the tests run what ships.
 *
 * Why: the window's first rows wait mostly for the framework, not for Spool's code. In a profile of a cold
 * start on a 10,000-job queue (B6), under a tenth of the script's time was in Spool's components; the rest
 * was React's own code compiled and run for the first time, and the layout. On Preact the window's script is
 * 157 KB instead of 358, and in two sittings of cold loads alternated with the React build the first rows
 * came 56 and 60 ms sooner (medians 412 → 356 ms over eight loads each, 436 → 376 over ten; the record is in
 * bench/results/ui-queue.md).
 *
 * JSX is compiled for Preact by Vite's own transform (JSX_FOR_PREACT), not by @vitejs/plugin-react, whose Fast
 * Refresh works with React alone: in development a change to a component reloads the window.
 */
export const PREACT_COMPAT: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react$/, replacement: 'preact/compat' },
]

/** Vite's JSX transform, writing Preact's elements. */
export const JSX_FOR_PREACT = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const
