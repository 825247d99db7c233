import type { DesktopPrefs } from './desktop-prefs.ts'

/** What the user answered when asked about closing while uploading. */
export type CloseAnswer = Readonly<{ action: 'keep-running' | 'quit' | 'stay'; remember: boolean }>

/** What the guard needs from the shell (Electron in the app, plain functions in tests). */
export type CloseGuardPorts = Readonly<{
  /** Whether uploads are under way (queued, moving or waiting for the network). */
  busy(): boolean
  prefs(): DesktopPrefs
  savePrefs(prefs: DesktopPrefs): void
  ask(): Promise<CloseAnswer>
  /** Hides the window and keeps Spool in the tray/menu bar. */
  keepRunning(): void
  /** Quits the app (app.quit: windows close, the queue stops and resumes at the next start). */
  quit(): void
  /** Just before a quit that leaves uploads unfinished (e.g. open at login to finish them). */
  leavingUnfinished(): void
}>

export type CloseGuard = Readonly<{
  /**
   * For the window's `close` and the app's `before-quit`: true when the caller must prevent it (the window
   * hides, or the question is on screen); false lets the close or quit go ahead.
   */
  intercept(): boolean
  /** An explicit quit (the tray's "Quit Spool"): no question. */
  quitNow(): void
}>

/**
 * Closing the window while bytes move (issue 16 §5): asks, or does what the user chose and asked Spool to
 * remember (keep running in the tray/menu bar, or quit). Nothing is asked when nothing is under way.
 */
export function createCloseGuard(ports: CloseGuardPorts): CloseGuard {
  let allowed = false
  let asking = false
  const quitNow = (): void => {
    if (ports.busy()) ports.leavingUnfinished()
    allowed = true
    ports.quit()
  }
  const act = (action: CloseAnswer['action']): void => {
    if (action === 'keep-running') ports.keepRunning()
    else if (action === 'quit') quitNow()
  }
  return {
    intercept() {
      if (allowed || !ports.busy()) return false
      const choice = ports.prefs().whenClosing
      if (choice === 'quit') {
        ports.leavingUnfinished()
        allowed = true
        return false
      }
      if (choice === 'keep-running') {
        ports.keepRunning()
        return true
      }
      if (!asking) {
        asking = true
        void ports.ask().then(
          (answer) => {
            asking = false
            if (answer.remember && answer.action !== 'stay')
              ports.savePrefs({ ...ports.prefs(), whenClosing: answer.action })
            act(answer.action)
          },
          () => {
            asking = false
          },
        )
      }
      return true
    },
    quitNow,
  }
}
