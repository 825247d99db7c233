import { join } from 'node:path'
import type { BrowserWindow } from 'electron'
import { app, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron'
import type { JobId } from '../../common/domain/ids.ts'
import type { PickKind } from '../../common/ipc/channels.ts'
import { createKeytarSecretStore } from '../accounts/keytar-secret-store.ts'
import { createCore, type Core } from '../core.ts'
import type { Confirmation } from '../ipc/ports.ts'
import { registerIpc } from '../ipc/register.ts'
import { createLogger, logToFile } from '../logging/log.ts'
import { homeLayout, spoolHome } from '../paths.ts'
import { APP_SCHEME, handleAppProtocol } from '../window/app-protocol.ts'
import { userChose } from '../window/local-media.ts'
import { createMainWindow } from '../window/main-window.ts'
import { RENDERER_JS_FLAGS } from '../window/renderer-flags.ts'
import { APP_ORIGIN, denyAllPermissions, hardenWebContents } from '../window/security.ts'
import { openExternalLink } from './external-links.ts'
import type { ExternalLink } from '../../common/domain/links.ts'
import { describeCountFormat } from '../../common/util/count-format.ts'
import { attachBackgroundMode, RESUME_HIDDEN_ARG } from './background-mode.ts'
import { buildMenuTemplate } from './menu.ts'
import { backgroundColor, attachDesktopShell } from './shell.ts'
import { loadBounds, saveBounds } from './window-state.ts'

const log = createLogger('desktop')

/** Where the built files are, relative to out/main/index.js. */
export type AppPaths = Readonly<{ preload: string; renderer: string }>

/** The origins allowed to call IPC and to be navigated to: the app, plus the dev server when unpackaged. */
export function allowedOrigins(isPackaged: boolean, devUrl: string | undefined): ReadonlyArray<string> {
  const origins = [APP_ORIGIN]
  if (!isPackaged && devUrl) {
    try {
      origins.push(new URL(devUrl).origin)
    } catch {
      // An invalid dev URL is ignored; the app still loads from app://.
    }
  }
  return origins
}

/** Native open dialogs; the only other source of paths is a drop resolved by webUtils in the preload. */
async function pick(win: BrowserWindow, kind: PickKind): Promise<ReadonlyArray<string> | null> {
  const result = await dialog.showOpenDialog(win, {
    title: kind === 'files' ? 'Add files to upload' : 'Add a folder to upload',
    properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
  })
  return result.canceled ? null : result.filePaths
}

const CSV_FILTERS = [{ name: 'Spreadsheet (CSV)', extensions: ['csv'] }]

/** A manifest to open (issue 15): its rows' files become the user's chosen files. */
async function openManifest(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(win, {
    title: 'Open a manifest',
    properties: ['openFile'],
    filters: CSV_FILTERS,
  })
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

async function saveManifest(win: BrowserWindow, name: string): Promise<string | null> {
  const result = await dialog.showSaveDialog(win, {
    title: 'Save the manifest',
    defaultPath: name,
    filters: CSV_FILTERS,
  })
  return result.canceled ? null : (result.filePath ?? null)
}

/** Main's own question (never the renderer's word): the confirming button is not the default. */
async function confirm(win: BrowserWindow, question: Confirmation): Promise<boolean> {
  const result = await dialog.showMessageBox(win, {
    type: 'question',
    title: question.title,
    message: question.message,
    detail: question.detail,
    buttons: ['Cancel', question.confirmLabel],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  })
  return result.response === 1
}

/**
 * Must run before `app` is ready: sandbox everywhere, the window's V8 flags, the privileged app:// scheme, one
 * instance only. Returns false when another instance owns the queue (this one then quits).
 */
export function prepareApp(): boolean {
  app.enableSandbox()
  app.commandLine.appendSwitch('js-flags', RENDERER_JS_FLAGS)
  protocol.registerSchemesAsPrivileged([
    // stream: the page's <video> reads queued files from this scheme in ranges (poster frames).
    // codeCache: V8 keeps the window's compiled script (Electron caches only http(s) unless a standard scheme
    // asks), so every launch after the first skips compiling it on the way to the first rows (B6).
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ])
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  return true
}

/** Starts the desktop app once Electron is ready: core, IPC, window, menu, shell. */
export async function startDesktopApp(paths: AppPaths, env: NodeJS.ProcessEnv = process.env): Promise<Core> {
  const home = spoolHome(env)
  logToFile(homeLayout(home).logFile)
  const devUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL
  const origins = allowedOrigins(app.isPackaged, devUrl)
  let win: BrowserWindow | null = null

  const openLink = (link: ExternalLink): void => {
    openExternalLink(shell, link).catch((caught: unknown) =>
      log.warn('could not open a link', { link, error: caught }),
    )
  }
  const core = createCore({
    home,
    env,
    secrets: createKeytarSecretStore(),
    version: app.getVersion(),
    platform: process.platform,
    // Described here, before the window exists: the window writes its counts with it instead of starting
    // ICU's number formatter on the way to its first rows (B6).
    countFormat: describeCountFormat(app.getLocale()),
    dialogs: {
      pick: (kind) => (win ? pick(win, kind) : Promise.resolve(null)),
      confirm: (question) => (win ? confirm(win, question) : Promise.resolve(false)),
      openManifest: () => (win ? openManifest(win) : Promise.resolve(null)),
      saveManifest: (name) => (win ? saveManifest(win, name) : Promise.resolve(null)),
    },
    external: {
      open: (link) => openExternalLink(shell, link),
    },
  })

  denyAllPermissions(session.defaultSession)
  const sessionStartedAt = Date.now()
  handleAppProtocol(
    protocol,
    net,
    paths.renderer,
    { job: (id) => core.uploads.get(id as JobId), allowed: userChose(core.grants, sessionStartedAt) },
    core.remoteThumbnails,
  )
  registerIpc(ipcMain, core.handlers, () => origins)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, () => origins, openLink))

  const boundsFile = join(home, 'window-state.json')
  const workAreas = screen.getAllDisplays().map((d) => d.workArea)
  const isMac = process.platform === 'darwin'
  // Opened at login to finish an unfinished queue: start in the tray, not in the user's face.
  // (Windows passes the login item's argument; macOS says whether it opened the app at login.)
  const startHidden =
    process.argv.includes(RESUME_HIDDEN_ARG) || (isMac && app.getLoginItemSettings().wasOpenedAtLogin)
  win = createMainWindow({
    preload: paths.preload,
    bounds: loadBounds(boundsFile, workAreas),
    devTools: !app.isPackaged,
    backgroundColor: backgroundColor(),
    show: !startHidden,
  })
  const current = win
  const detach = core.attach((channel, payload) => {
    if (!current.isDestroyed()) current.webContents.send(channel, payload)
  })
  const send = (command: Parameters<Parameters<typeof buildMenuTemplate>[0]>[0]): void => {
    if (!current.isDestroyed()) current.webContents.send('app:command', command)
  }
  const background = attachBackgroundMode(current, core, {
    prefsFile: join(home, 'desktop.json'),
    isMac,
    startHidden,
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(send, isMac, 'Spool', background)))
  const detachShell = attachDesktopShell(current, core)

  current.on('close', () => {
    saveBounds(boundsFile, { ...current.getNormalBounds(), maximized: current.isMaximized() })
  })
  current.on('closed', () => {
    detach()
    detachShell()
    win = null
  })
  app.on('second-instance', () => background.open())
  // macOS: clicking the Dock icon brings back a window that was hidden to keep uploading.
  app.on('activate', () => background.open())
  app.on('window-all-closed', () => app.quit())
  // will-quit, not before-quit: a quit the close guard held back (uploads under way) must not stop the queue.
  app.on('will-quit', () => {
    void core.dispose().catch((caught: unknown) => log.error('shutdown failed', { error: caught }))
  })

  core.start()
  await current.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
  return core
}
