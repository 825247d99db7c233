import { Notification, nativeTheme, net, powerMonitor, powerSaveBlocker, type BrowserWindow } from 'electron'
import type { Core } from '../core.ts'
import { batchMessage, createBatchTracker, snapshot } from './queue-watch.ts'

/** Background colours matching renderer/styles.css, so the window never flashes the wrong theme. */
export const BACKGROUND = { light: '#f6f7f9', dark: '#111418' } as const

/** The colour for the OS theme right now. */
export function backgroundColor(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light
}

/**
 * The desktop niceties (ARCHITECTURE.md §4): dock/taskbar progress, a notification per finished batch
 * while the window is in the background,
 * powerSaveBlocker while bytes move, suspend/resume and online/offline → the queue, theme following the OS.
 * Returns a function that undoes everything.
 */
export function attachDesktopShell(win: BrowserWindow, core: Core, pollMs = 3000): () => void {
  nativeTheme.themeSource = 'system'
  const onTheme = (): void => win.setBackgroundColor(backgroundColor())
  nativeTheme.on('updated', onTheme)

  let blocker: number | null = null
  const track = createBatchTracker()
  let pending: ReturnType<typeof setTimeout> | null = null
  const refresh = (): void => {
    pending = null
    const jobs = core.uploads.list()
    const s = snapshot(jobs)
    if (!win.isDestroyed()) win.setProgressBar(s.fraction ?? -1)
    if (s.moving && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension')
    if (!s.moving && blocker !== null) {
      powerSaveBlocker.stop(blocker)
      blocker = null
    }
    const finished = track(jobs)
    // Only when the user is elsewhere: in the window, the batch's header already says it finished.
    if (finished.length > 0 && !win.isDestroyed() && !win.isFocused() && Notification.isSupported()) {
      const labels = new Map(core.uploads.batches().map((b) => [b.id as string, b.label]))
      for (const b of finished)
        new Notification(batchMessage(b.counts, b.batchId ? (labels.get(b.batchId) ?? null) : null)).show()
    }
  }
  const offChanged = core.uploads.onChanged(() => {
    pending ??= setTimeout(refresh, 250)
  })

  let online = net.isOnline()
  const setOnline = (next: boolean): void => {
    if (next === online) return
    online = next
    core.setOnline(next)
  }
  const onSuspend = (): void => setOnline(false)
  const onResume = (): void => setOnline(net.isOnline())
  powerMonitor.on('suspend', onSuspend)
  powerMonitor.on('resume', onResume)
  const poll = setInterval(() => setOnline(net.isOnline()), pollMs)
  core.setOnline(online)
  refresh()

  return () => {
    offChanged()
    if (pending) clearTimeout(pending)
    clearInterval(poll)
    powerMonitor.removeListener('suspend', onSuspend)
    powerMonitor.removeListener('resume', onResume)
    nativeTheme.removeListener('updated', onTheme)
    if (blocker !== null) powerSaveBlocker.stop(blocker)
  }
}
