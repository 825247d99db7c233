import { join } from 'node:path'
import { app } from 'electron'
import { prepareApp, startDesktopApp } from './desktop/app-main.ts'

// The Electron composition root (ARCHITECTURE.md §4): everything lives in main/desktop/app-main.ts so it can be
// unit-tested with electron mocked; this file only starts it.
if (prepareApp()) {
  void app.whenReady().then(() =>
    startDesktopApp({
      preload: join(__dirname, '../preload/index.js'),
      renderer: join(__dirname, '../renderer'),
    }),
  )
}
