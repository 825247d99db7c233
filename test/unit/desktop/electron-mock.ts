import { vi } from 'vitest'

/** Records of what the mocked Electron saw (each test file mocks 'electron' with `electronMock()`). */
export const seen = {
  windows: [] as Array<{ options: Record<string, unknown>; win: FakeWindow }>,
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  permissionRequest: null as null | ((...a: unknown[]) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  menuTemplate: null as unknown,
  notifications: [] as Array<{ title: string; body: string }>,
  blockers: new Set<number>(),
  powerListeners: new Map<string, () => void>(),
  online: true,
  lockGranted: true,
  appListeners: new Map<string, (...a: unknown[]) => void>(),
  trays: [] as FakeTray[],
  loginItems: [] as Array<Record<string, unknown>>,
  /** What the next showMessageBox answers. */
  messageBoxAnswer: { response: 0, checkboxChecked: false },
  messageBoxes: [] as Array<Record<string, unknown>>,
}

/** A stand-in Tray: its tooltip, menu and whether it was destroyed. */
export class FakeTray {
  tooltip = ''
  menu: unknown = null
  destroyed = false
  readonly listeners = new Map<string, () => void>()
  constructor() {
    seen.trays.push(this)
  }
  setToolTip(t: string) {
    this.tooltip = t
  }
  setContextMenu(m: unknown) {
    this.menu = m
  }
  on(event: string, cb: () => void) {
    this.listeners.set(event, cb)
  }
  destroy() {
    this.destroyed = true
  }
}

/** A stand-in BrowserWindow with just what Spool calls. */
export class FakeWindow {
  readonly listeners = new Map<string, (...a: unknown[]) => void>()
  readonly sent: Array<[string, unknown]> = []
  progress: number | null = null
  loaded: string | null = null
  visible = true
  focused = false
  webContents = {
    send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
  }
  constructor(options: Record<string, unknown>) {
    seen.windows.push({ options, win: this })
  }
  on(event: string, cb: (...a: unknown[]) => void) {
    this.listeners.set(event, cb)
    return this
  }
  once(event: string, cb: (...a: unknown[]) => void) {
    return this.on(event, cb)
  }
  isDestroyed() {
    return false
  }
  setProgressBar(v: number) {
    this.progress = v
  }
  setBackgroundColor() {}
  maximize() {}
  show() {
    this.visible = true
  }
  hide() {
    this.visible = false
  }
  loadURL(url: string) {
    this.loaded = url
    return Promise.resolve()
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 }
  }
  isMaximized() {
    return false
  }
  isMinimized() {
    return false
  }
  restore() {}
  focus() {
    this.focused = true
  }
  isFocused() {
    return this.focused
  }
}

/** The module factory for `vi.mock('electron', electronMock)`. */
export function electronMock() {
  const on =
    (map: Map<string, (...a: unknown[]) => void>) => (event: string, cb: (...a: unknown[]) => void) => {
      map.set(event, cb)
    }
  return {
    BrowserWindow: FakeWindow,
    app: {
      enableSandbox: vi.fn(),
      commandLine: { appendSwitch: vi.fn() },
      requestSingleInstanceLock: vi.fn(() => seen.lockGranted),
      quit: vi.fn(),
      isPackaged: true,
      getVersion: () => '1.2.3',
      getLocale: () => 'de-DE',
      on: on(seen.appListeners),
      setLoginItemSettings: (o: Record<string, unknown>) => seen.loginItems.push(o),
      getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
    },
    Tray: FakeTray,
    nativeImage: { createFromDataURL: (url: string) => ({ url }) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { isOnline: () => seen.online, fetch: vi.fn() },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) =>
        seen.handlers.set(channel, fn),
      removeHandler: (channel: string) => seen.handlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (seen.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (seen.permissionCheck = fn),
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: {
      buildFromTemplate: (t: unknown) => (seen.menuTemplate = t),
      setApplicationMenu: vi.fn(),
    },
    dialog: {
      showOpenDialog: vi.fn(() => Promise.resolve({ canceled: false, filePaths: ['/picked'] })),
      showMessageBox: vi.fn((_win: unknown, o: Record<string, unknown>) => {
        seen.messageBoxes.push(o)
        return Promise.resolve(seen.messageBoxAnswer)
      }),
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    nativeTheme: { themeSource: 'light', shouldUseDarkColors: false, on: vi.fn(), removeListener: vi.fn() },
    powerMonitor: {
      on: on(seen.powerListeners),
      removeListener: (event: string) => seen.powerListeners.delete(event),
    },
    powerSaveBlocker: {
      start: vi.fn(() => {
        const id = seen.blockers.size + 1
        seen.blockers.add(id)
        return id
      }),
      stop: vi.fn((id: number) => seen.blockers.delete(id)),
    },
    Notification: class {
      static isSupported() {
        return true
      }
      readonly o: { title: string; body: string }
      constructor(o: { title: string; body: string }) {
        this.o = o
      }
      show() {
        seen.notifications.push(this.o)
      }
    },
  }
}
