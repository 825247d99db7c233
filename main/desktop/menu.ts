import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../common/ipc/channels.ts'

/**
 * The native menu (pure: returns the template). Every UI action has a keyboard path; the shortcuts here are
 * the ones that matter from anywhere in the window.
 */
export function buildMenuTemplate(
  send: (command: AppCommand) => void,
  isMac: boolean,
  appName = 'Spool',
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
