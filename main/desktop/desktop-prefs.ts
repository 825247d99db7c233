import { readJsonFile, writeJsonFile } from './json-file.ts'

/** What closing the window does while uploads are under way. */
export type CloseChoice = 'ask' | 'keep-running' | 'quit'
export const CLOSE_CHOICES: ReadonlyArray<CloseChoice> = ['ask', 'keep-running', 'quit']

/** The desktop shell's own preferences (not the queue's settings: they mean nothing to the CLI). */
export type DesktopPrefs = Readonly<{
  whenClosing: CloseChoice
  /** Open Spool at login (hidden, in the tray) while a quit left uploads unfinished. */
  resumeAtLogin: boolean
  /** Spool registered the login item for an unfinished queue (so it is Spool's to remove). */
  loginItemForQueue: boolean
}>

export const DEFAULT_PREFS: DesktopPrefs = {
  whenClosing: 'ask',
  resumeAtLogin: true,
  loginItemForQueue: false,
}

/** Reads the preferences, keeping the default for anything missing or not understood. */
export function loadPrefs(file: string): DesktopPrefs {
  const raw = readJsonFile(file)
  if (typeof raw !== 'object' || raw === null) return DEFAULT_PREFS
  const p = raw as Partial<Record<keyof DesktopPrefs, unknown>>
  return {
    whenClosing: CLOSE_CHOICES.includes(p.whenClosing as CloseChoice)
      ? (p.whenClosing as CloseChoice)
      : DEFAULT_PREFS.whenClosing,
    resumeAtLogin: typeof p.resumeAtLogin === 'boolean' ? p.resumeAtLogin : DEFAULT_PREFS.resumeAtLogin,
    loginItemForQueue: p.loginItemForQueue === true,
  }
}

/** Remembers the preferences. */
export function savePrefs(file: string, prefs: DesktopPrefs): void {
  writeJsonFile(file, prefs)
}
