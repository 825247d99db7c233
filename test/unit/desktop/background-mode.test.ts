import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest'
import type { UploadJob } from '../../../common/domain/upload.ts'
import type { Core } from '../../../main/core.ts'
import { fakeJob } from '../../fakes/fake-api.ts'
import { FakeWindow, seen } from './electron-mock.ts'

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock())

const { attachBackgroundMode, RESUME_HIDDEN_ARG } = await import('../../../main/desktop/background-mode.ts')
const { buildMenuTemplate } = await import('../../../main/desktop/menu.ts')

const dir = mkdtempSync(join(tmpdir(), 'spool-background-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const prefsFile = () => join(dir, `desktop-${++n}.json`)
const coreWith = (jobs: UploadJob[]) => ({ uploads: { list: () => jobs } }) as unknown as Core
const uploading = [fakeJob(1, { state: 'uploading' }), fakeJob(2)]
/** Fires the window's close as Electron would; true when it was prevented. */
const close = (win: FakeWindow): boolean => {
  const event = { preventDefault: vi.fn() }
  win.listeners.get('close')!(event)
  return event.preventDefault.mock.calls.length > 0
}
const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  seen.trays.length = 0
  seen.loginItems.length = 0
  seen.messageBoxes.length = 0
  seen.appListeners.clear()
})

describe('quitting while bytes move (electron mocked)', () => {
  test('closing asks; "Keep Uploading" + remember hides the window behind a tray icon and remembers', async () => {
    const win = new FakeWindow({})
    const file = prefsFile()
    attachBackgroundMode(win as never, coreWith(uploading), {
      prefsFile: file,
      isMac: false,
      startHidden: false,
    })
    seen.messageBoxAnswer = { response: 0, checkboxChecked: true }
    expect(close(win)).toBe(true)
    await settle()
    expect(seen.messageBoxes[0]).toMatchObject({ buttons: ['Keep Uploading', 'Quit', 'Cancel'], cancelId: 2 })
    expect(win.visible).toBe(false)
    expect(seen.trays).toHaveLength(1)
    expect(seen.trays[0]!.tooltip).toBe('Spool — 2 uploading')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ whenClosing: 'keep-running' })
    // Remembered: the next close hides without asking; the tray brings the window back.
    win.visible = true
    expect(close(win)).toBe(true)
    expect(seen.messageBoxes).toHaveLength(1)
    seen.trays[0]!.listeners.get('click')!()
    expect(win.visible).toBe(true)
    expect(seen.trays[0]!.destroyed).toBe(true)
  })

  test('"Quit" registers Spool to open at login (hidden) so the queue finishes, and quits', async () => {
    const win = new FakeWindow({})
    const { app } = await import('electron')
    attachBackgroundMode(win as never, coreWith(uploading), {
      prefsFile: prefsFile(),
      isMac: false,
      startHidden: false,
    })
    seen.messageBoxAnswer = { response: 1, checkboxChecked: false }
    expect(close(win)).toBe(true)
    await settle()
    expect(seen.loginItems).toEqual([{ openAtLogin: true, args: [RESUME_HIDDEN_ARG] }])
    expect(app.quit).toHaveBeenCalled()
    // The quit that follows is let through (before-quit not prevented).
    const event = { preventDefault: vi.fn() }
    seen.appListeners.get('before-quit')!(event)
    expect(event.preventDefault).not.toHaveBeenCalled()
  })

  test('with nothing under way, closing neither asks nor hides', () => {
    const win = new FakeWindow({})
    attachBackgroundMode(win as never, coreWith([fakeJob(1, { state: 'done' })]), {
      prefsFile: prefsFile(),
      isMac: false,
      startHidden: false,
    })
    expect(close(win)).toBe(false)
    expect(seen.messageBoxes).toHaveLength(0)
  })

  test('opened at login with work left: stays in the tray; with the queue empty the login item goes', () => {
    const hidden = new FakeWindow({})
    hidden.visible = false
    attachBackgroundMode(hidden as never, coreWith(uploading), {
      prefsFile: prefsFile(),
      isMac: false,
      startHidden: true,
    })
    expect(hidden.visible).toBe(false)
    expect(seen.trays).toHaveLength(1)

    const file = prefsFile()
    writeFileSync(file, JSON.stringify({ whenClosing: 'ask', resumeAtLogin: true, loginItemForQueue: true }))
    attachBackgroundMode(new FakeWindow({}) as never, coreWith([]), {
      prefsFile: file,
      isMac: false,
      startHidden: false,
    })
    expect(seen.loginItems).toEqual([{ openAtLogin: false }])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ loginItemForQueue: false })
  })

  test('the menu shows the remembered choices and changes them', () => {
    const win = new FakeWindow({})
    const file = prefsFile()
    const mode = attachBackgroundMode(win as never, coreWith([]), {
      prefsFile: file,
      isMac: false,
      startHidden: false,
    })
    type Item = {
      label?: string
      checked?: boolean
      click?: (i: { checked: boolean }) => void
      submenu?: Item[]
    }
    const uploads = (buildMenuTemplate(() => {}, false, 'Spool', mode) as Item[]).find(
      (m) => m.label === 'Uploads',
    )!
    const closing = uploads.submenu!.find((i) => i.label === 'When Closing During Uploads')!
    expect(closing.submenu!.find((i) => i.checked)?.label).toBe('Ask')
    closing.submenu!.find((i) => i.label === 'Quit')!.click!({ checked: true })
    uploads.submenu!.find((i) => i.label === 'Resume Unfinished Uploads at Login')!.click!({ checked: false })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      whenClosing: 'quit',
      resumeAtLogin: false,
    })
  })
})
