import { Menu, Tray, nativeImage } from 'electron'
import { TRAY_ICON_DATA_URL } from './tray-icon.ts'

/** The tray/menu-bar presence while the window is hidden and uploads continue. */
export type TrayPresence = Readonly<{ show(status: string): void; hide(): void }>

/**
 * Creates the tray icon on demand: shown while the window is hidden (uploads continuing in the
 * background), gone when the window is back.
 */
export function createTrayPresence(o: Readonly<{ open: () => void; quit: () => void }>): TrayPresence {
  let tray: Tray | null = null
  return {
    show(status) {
      if (!tray) {
        tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL))
        tray.on('click', o.open)
      }
      tray.setToolTip(`Spool — ${status}`)
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: status, enabled: false },
          { type: 'separator' },
          { label: 'Show Spool', click: o.open },
          { label: 'Quit Spool', click: o.quit },
        ]),
      )
    },
    hide() {
      tray?.destroy()
      tray = null
    },
  }
}
