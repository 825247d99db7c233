import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../common/ipc/channels.ts'
import type { CloseChoice, DesktopPrefs } from './desktop-prefs.ts'

/** The desktop preferences the menu shows and changes (absent: no such items). */
export type MenuPrefs = Readonly<{ prefs(): DesktopPrefs; setPrefs(next: DesktopPrefs): void }>

const CLOSE_LABELS: ReadonlyArray<[CloseChoice, string]> = [
  ['ask', 'Ask'],
  ['keep-running', 'Keep Uploading in the Background'],
  ['quit', 'Quit'],
]

/** "When Closing During Uploads" and "Resume Unfinished Uploads at Login": the remembered choices, changeable. */
function backgroundItems(m: MenuPrefs): MenuItemConstructorOptions[] {
  return [
    { type: 'separator' },
    {
      label: 'When Closing During Uploads',
      submenu: CLOSE_LABELS.map(([choice, label]) => ({
        label,
        type: 'radio' as const,
        checked: m.prefs().whenClosing === choice,
        click: () => m.setPrefs({ ...m.prefs(), whenClosing: choice }),
      })),
    },
    {
      label: 'Resume Unfinished Uploads at Login',
      type: 'checkbox',
      checked: m.prefs().resumeAtLogin,
      click: (item) => m.setPrefs({ ...m.prefs(), resumeAtLogin: item.checked }),
    },
  ]
}

/**
 * The native menu (pure: returns the template). Every UI action has a keyboard path; the shortcuts here are
 * the ones that matter from anywhere in the window.
 */
export function buildMenuTemplate(
  send: (command: AppCommand) => void,
  isMac: boolean,
  appName = 'Spool',
  background?: MenuPrefs,
): MenuItemConstructorOptions[] {
  const item = (label: string, accelerator: string, command: AppCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(command),
  })
  return [
    ...(isMac ? [{ label: appName, role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Add Files…', 'CmdOrCtrl+O', 'add-files'),
        item('Add Folder…', 'CmdOrCtrl+Shift+O', 'add-folder'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', role: 'editMenu' },
    {
      label: 'Uploads',
      submenu: [
        item('Pause All', 'CmdOrCtrl+Shift+P', 'pause-all'),
        item('Resume All', 'CmdOrCtrl+Shift+R', 'resume-all'),
        ...(background ? backgroundItems(background) : []),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Uploads', 'CmdOrCtrl+1', 'show-uploads'),
        item('Library', 'CmdOrCtrl+2', 'show-library'),
        item('Unused Uploads', 'CmdOrCtrl+3', 'show-unused'),
        item('Accounts & Settings', 'CmdOrCtrl+,', 'show-accounts'),
        { type: 'separator' },
        item('Search Library', 'CmdOrCtrl+F', 'focus-search'),
        item('Refresh Library', 'CmdOrCtrl+R', 'refresh-library'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', role: 'windowMenu' },
  ]
}
