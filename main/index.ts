// SCAFFOLD: the desktop composition root is replaced by the desktop-app work in this session.
import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'

void app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  void win.loadFile(join(__dirname, '../renderer/index.html'))
})
