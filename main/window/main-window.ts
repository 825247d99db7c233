import { BrowserWindow } from 'electron'

/** Where the window opens (remembered between runs by main/desktop/window-state.ts). */
export type WindowBounds = Readonly<{
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}>

export type MainWindowOptions = Readonly<{
  preload: string
  bounds: WindowBounds
  devTools: boolean
  backgroundColor: string
  /** False when Spool starts in the tray (opened at login to finish a queue). */
  show?: boolean
}>

/**
 * The one factory for app windows (SEC-01). webPreferences is an inline literal so reviewers and
 * electronegativity can read every value; nothing is spread into it.
 */
export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...(o.bounds.x !== undefined && o.bounds.y !== undefined ? { x: o.bounds.x, y: o.bounds.y } : {}),
    width: o.bounds.width,
    height: o.bounds.height,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Spool',
    backgroundColor: o.backgroundColor,
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: o.devTools,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  if (o.bounds.maximized) win.maximize()
  if (o.show !== false) win.once('ready-to-show', () => win.show())
  return win
}
