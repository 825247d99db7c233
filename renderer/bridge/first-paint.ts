import { useSpool } from '../store/index.ts'

/**
 * The longest the window waits for the queue's first screen before it paints without it: main answers in a
 * few ms; this bounds the wait when main is busy.
 */
const FIRST_SCREEN_WAIT_MS = 150

/**
 * Resolves once the queue's first screen is in the store (bridge/first-screen.ts asked for it as the page
 * started), or after FIRST_SCREEN_WAIT_MS. The window's first paint then shows the queue's rows, instead of
 * an empty page painted first and the rows in the frame after (B6: a frame of a whole window is tens of ms),
 * and never the "drop a folder" hint of an empty queue over a queue that is only on its way.
 */
export function firstScreenReady(): Promise<void> {
  return new Promise((resolve) => {
    if (useSpool.getState().uploads.loaded) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
    const timer = setTimeout(done, FIRST_SCREEN_WAIT_MS)
    const unsubscribe = useSpool.subscribe((s) => {
      if (s.uploads.loaded) done()
    })
  })
}
