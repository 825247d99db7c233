import { app, dialog, type BrowserWindow } from 'electron'
import type { Core } from '../core.ts'
import { createCloseGuard, type CloseAnswer } from './close-guard.ts'
import { loadPrefs, savePrefs, type DesktopPrefs } from './desktop-prefs.ts'
import { snapshot } from './queue-watch.ts'
import { createTrayPresence } from './tray.ts'

/** The argument a login item starts Spool with: open in the tray and finish the queue. */
export const RESUME_HIDDEN_ARG = '--resume-uploads-hidden'

/** Main's own question; "Keep uploading" is the default and Escape means "don't close". */
async function askOnClose(win: BrowserWindow, isMac: boolean): Promise<CloseAnswer> {
  const where = isMac ? 'menu bar' : 'system tray'
  const result = await dialog.showMessageBox(win, {
    type: 'question',
    title: 'Uploads in progress',
    message: 'Spool is still uploading. Keep uploading in the background?',
    detail: `Spool can stay in the ${where} and finish the queue. If you quit, unfinished uploads continue from where they stopped the next time Spool opens.`,
    buttons: ['Keep Uploading', 'Quit', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    checkboxLabel: 'Remember my choice',
    noLink: true,
  })
  const action = (['keep-running', 'quit', 'stay'] as const)[result.response] ?? 'stay'
  return { action, remember: result.checkboxChecked }
}

/** Preferences the menu shows and changes. */
export type BackgroundMode = Readonly<{
  prefs(): DesktopPrefs
  setPrefs(next: DesktopPrefs): void
  /** Brings the window back (second instance, tray). */
  open(): void
}>

/**
 * Quitting while bytes move (issue 16 §5): the window's close and the app's quit go through the close
 * guard; "keep running" hides the window behind a tray/menu-bar icon; a quit that leaves uploads unfinished
 * registers Spool to open at login (hidden) when the user wants that, and the next start with an empty
 * queue removes it again. The queue itself resumes on every start (the jobs are in SQLite).
 */
export function attachBackgroundMode(
  win: BrowserWindow,
  core: Core,
  o: Readonly<{ prefsFile: string; isMac: boolean; startHidden: boolean }>,
): BackgroundMode {
  let prefs = loadPrefs(o.prefsFile)
  const setPrefs = (next: DesktopPrefs): void => {
    prefs = next
    savePrefs(o.prefsFile, next)
  }
  const active = (): number => snapshot(core.uploads.list()).active
  const open = (): void => {
    if (win.isDestroyed()) return
    tray.hide()
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  const guard = createCloseGuard({
    busy: () => active() > 0,
    prefs: () => prefs,
    savePrefs: setPrefs,
    ask: () => askOnClose(win, o.isMac),
    keepRunning: () => {
      win.hide()
      tray.show(`${active()} uploading`)
    },
    quit: () => app.quit(),
    leavingUnfinished: () => {
      if (!prefs.resumeAtLogin) return
      app.setLoginItemSettings({ openAtLogin: true, args: [RESUME_HIDDEN_ARG] })
      setPrefs({ ...prefs, loginItemForQueue: true })
    },
  })
  const tray = createTrayPresence({ open, quit: () => guard.quitNow() })

  win.on('close', (event) => {
    if (guard.intercept()) event.preventDefault()
  })
  app.on('before-quit', (event) => {
    if (guard.intercept()) event.preventDefault()
  })
  // The login item was only for a queue left unfinished: once nothing is left, it goes.
  if (prefs.loginItemForQueue && active() === 0) {
    app.setLoginItemSettings({ openAtLogin: false })
    setPrefs({ ...prefs, loginItemForQueue: false })
  }
  if (o.startHidden && active() > 0) tray.show(`${active()} uploading`)
  else if (o.startHidden) open()
  return { prefs: () => prefs, setPrefs, open }
}
