import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { seen } from './electron-mock.ts'

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock())
const { createMainWindow } = await import('../../../main/window/main-window.ts')

const root = resolve(import.meta.dirname, '../../..')

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

describe('the window factory (SEC-01)', () => {
  test('webPreferences is exactly the hardened literal', () => {
    createMainWindow({
      preload: '/p/index.js',
      bounds: { width: 900, height: 600 },
      devTools: false,
      backgroundColor: '#fff',
    })
    const options = seen.windows.at(-1)!.options
    expect(options.webPreferences).toEqual({
      preload: '/p/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      navigateOnDragDrop: false,
      spellcheck: false,
    })
    expect(options).toMatchObject({ width: 900, height: 600, show: false })
  })

  test('remembered position is used; devTools follows the flag', () => {
    createMainWindow({
      preload: '/p',
      bounds: { x: 5, y: 6, width: 900, height: 600 },
      devTools: true,
      backgroundColor: '#000',
    })
    const options = seen.windows.at(-1)!.options
    expect(options).toMatchObject({ x: 5, y: 6 })
    expect((options.webPreferences as { devTools: boolean }).devTools).toBe(true)
  })

  test('`new BrowserWindow(` appears only in the factory', () => {
    const hits = filesUnder(join(root, 'main'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => readFileSync(f, 'utf8').includes('new BrowserWindow('))
      .map((f) => f.slice(root.length + 1))
    expect(hits).toEqual(['main/window/main-window.ts'])
  })

  test('no child_process.fork, ELECTRON_RUN_AS_NODE or weakened TLS in main/ (SEC-07, SEC-14)', () => {
    const weakened = /rejectUnauthorized:\s*false/g
    const unverified: string[] = []
    for (const f of filesUnder(join(root, 'main')).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(f, 'utf8')
      expect(text, f).not.toMatch(
        /child_process['"]\)?\.fork|\bfork\(|ELECTRON_RUN_AS_NODE|NODE_TLS_REJECT_UNAUTHORIZED/,
      )
      for (const _ of text.matchAll(weakened)) unverified.push(f.slice(root.length + 1))
    }
    // One unverified handshake exists, on purpose: readPresentedCertificate reads the certificate a server
    // presents so the user can compare its fingerprint before pinning it; it writes no byte of a request and
    // closes the socket at secureConnect. Every connection that carries data verifies (tls-pin.ts).
    expect(unverified).toEqual(['main/http/tls-pin.ts'])
    const probe = readFileSync(join(root, 'main/http/tls-pin.ts'), 'utf8')
    const body = probe.slice(probe.indexOf('export function readPresentedCertificate'))
    expect(body.slice(0, body.indexOf('\n}\n'))).not.toMatch(/\.write\(|\.end\(/)
  })
})
