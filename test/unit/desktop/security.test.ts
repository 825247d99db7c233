import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test, vi } from 'vitest'

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock())
const { CONTENT_SECURITY_POLICY, denyAllPermissions, hardenWebContents, isAppUrl } =
  await import('../../../main/window/security.ts')
const { openExternalLink } = await import('../../../main/desktop/external-links.ts')
const { EXTERNAL_LINKS, EXTERNAL_LINK_URLS, linkForUrl } = await import('../../../common/domain/links.ts')
const { resolveAppAsset } = await import('../../../main/window/app-protocol.ts')

const root = resolve(import.meta.dirname, '../../..')

/** Parses a CSP string into directive → sources, failing on anything malformed. */
function parseCsp(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of csp
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/)
    if (!name || !/^[a-z-]+$/.test(name)) throw new Error(`bad directive name: ${name}`)
    if (out.has(name)) throw new Error(`duplicate directive: ${name}`)
    out.set(name, sources)
  }
  return out
}

const KNOWN = new Set([
  'default-src', 'script-src', 'style-src', 'img-src', 'media-src', 'connect-src', 'font-src', 'object-src',
  'base-uri', 'form-action', 'frame-ancestors', 'worker-src', 'frame-src', 'manifest-src',
]) // prettier-ignore

describe('Content-Security-Policy (SEC-03)', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY)

  test('parses, every directive is a real one, nothing unsafe', () => {
    for (const name of csp.keys()) expect(KNOWN.has(name), name).toBe(true)
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/unsafe-/)
        expect(['*', 'http:', 'https:', "'*'"], `${name} ${source}`).not.toContain(source)
      }
    }
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
  })

  test("connect-src is 'self' plus only the HLS stream hosts (hls.js fetches playlists with XHR)", () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:*', 'https://stream.fastpix.com'])
  })

  test('renderer/index.html carries the same policy (minus frame-ancestors, which a meta tag cannot set)', () => {
    const html = readFileSync(resolve(root, 'renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    const expected = new Map(csp)
    expected.delete('frame-ancestors')
    expect(parseCsp(meta!)).toEqual(expected)
  })

  test.skipIf(!existsSync(resolve(root, 'out/renderer/index.html')))(
    'the built page has no inline script or handler',
    () => {
      const html = readFileSync(resolve(root, 'out/renderer/index.html'), 'utf8')
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(html).not.toMatch(/\son[a-z]+=/i)
    },
  )

  test.skipIf(!existsSync(resolve(root, 'out/preload/index.js')))(
    'the built preload requires nothing but electron (a sandboxed preload can load nothing else)',
    () => {
      const js = readFileSync(resolve(root, 'out/preload/index.js'), 'utf8')
      const required = [...js.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2])
      expect(new Set(required)).toEqual(new Set(['electron']))
    },
  )
})

describe('external links (SEC-05)', () => {
  test.each([
    ['https://www.fastpix.com/', 'fastpix-website'],
    ['https://www.fastpix.com/docs', 'fastpix-docs'],
    ['https://dashboard.fastpix.com/', 'fastpix-dashboard'],
    ['https://www.fastpix.com/docs/other-page', null],
    ['http://www.fastpix.com/', null],
    ['https://www.fastpix.com.evil.com/', null],
    ['https://fastpix.com@evil.com/', null],
    ['https://user:pw@dashboard.fastpix.com/', null],
    ['https://dashboard.fastpix.com:8443/', null],
    ['https://dashboard.fastpix.com/?next=https://evil.com', null],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['ms-msdt:/id', null],
    ['app://bundle/../x', null],
    ['not a url', null],
  ])('%s → %s', (url, link) => {
    expect(linkForUrl(url)).toBe(link)
  })

  test('main opens exactly the URL each named destination stands for', async () => {
    const opened: string[] = []
    const shell = { openExternal: (url: string) => (opened.push(url), Promise.resolve()) }
    for (const link of EXTERNAL_LINKS) await openExternalLink(shell, link)
    expect(opened).toEqual(EXTERNAL_LINKS.map((l) => EXTERNAL_LINK_URLS[l]))
  })
})

describe('navigation and windows are locked down', () => {
  const contents = () => {
    const listeners = new Map<string, (...a: unknown[]) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    return {
      listeners,
      get openHandler() {
        return openHandler!
      },
      on: (e: string, cb: (...a: unknown[]) => void) => listeners.set(e, cb),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (openHandler = fn),
    }
  }
  const origins = () => ['app://bundle']

  test('will-navigate / will-redirect / will-frame-navigate outside the app are prevented', () => {
    const c = contents()
    hardenWebContents(c as never, origins, () => {})
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.com/', true],
      ['will-navigate', 'app://bundle/index.html', false],
      ['will-redirect', 'file:///etc/passwd', true],
    ] as const) {
      const preventDefault = vi.fn()
      c.listeners.get(event)!({ preventDefault }, url)
      expect(preventDefault.mock.calls.length, `${event} ${url}`).toBe(blocked ? 1 : 0)
    }
    const preventDefault = vi.fn()
    c.listeners.get('will-frame-navigate')!({ preventDefault, url: 'https://evil.com' })
    expect(preventDefault).toHaveBeenCalled()
    const attach = vi.fn()
    c.listeners.get('will-attach-webview')!({ preventDefault: attach })
    expect(attach).toHaveBeenCalled()
  })

  test('window.open is always denied; only allow-listed links reach the system browser', async () => {
    const c = contents()
    const opened: string[] = []
    hardenWebContents(c as never, origins, (link) => opened.push(link))
    expect(c.openHandler({ url: 'https://www.fastpix.com/docs' })).toEqual({ action: 'deny' })
    expect(c.openHandler({ url: 'https://www.fastpix.com/docs/elsewhere' })).toEqual({ action: 'deny' })
    expect(c.openHandler({ url: 'https://evil.com/' })).toEqual({ action: 'deny' })
    await new Promise((r) => setImmediate(r))
    expect(opened).toEqual(['fastpix-docs'])
  })

  test('isAppUrl never trusts opaque or foreign origins', () => {
    expect(isAppUrl('app://bundle/x', ['app://bundle'])).toBe(true)
    expect(isAppUrl('about:blank', ['app://bundle'])).toBe(false)
    expect(isAppUrl('file:///x', ['app://bundle'])).toBe(false)
    expect(isAppUrl('app://bundle.evil/x', ['app://bundle'])).toBe(false)
  })

  test('every permission request and check is denied (SEC-04)', () => {
    let request: ((...a: unknown[]) => void) | null = null
    let check: ((...a: unknown[]) => boolean) | null = null
    denyAllPermissions({
      setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (request = fn),
      setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (check = fn),
    } as never)
    const cb = vi.fn()
    request!(null, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect(check!(null, 'notifications')).toBe(false)
  })
})

describe('app:// asset resolution (SEC-02)', () => {
  const dir = '/srv/app/renderer'
  test.each([
    ['app://bundle/index.html', '/srv/app/renderer/index.html'],
    ['app://bundle/', '/srv/app/renderer/index.html'],
    ['app://bundle/assets/index-abc.js', '/srv/app/renderer/assets/index-abc.js'],
  ])('%s is served', (url, expected) => {
    expect(resolveAppAsset(url, dir)).toBe(expected)
  })

  test.each([
    'app://bundle/../secret.html',
    'app://bundle/%2e%2e/secret.html',
    'app://bundle/..%2fsecret.html',
    'app://bundle/%252e%252e/secret.html',
    'app://bundle/assets/%5c..%5csecret.html',
    'app://bundle/a/../../../../etc/passwd.html',
    'app://bundle//etc/passwd.html',
  ])('%s never leaves the bundle', (url) => {
    const got = resolveAppAsset(url, dir)
    if (got !== null) expect(got.startsWith(`${dir}/`)).toBe(true)
  })

  test.each([
    'app://bundle/index.html%00.js',
    'app://other/index.html',
    'file:///srv/app/renderer/index.html',
    'app://bundle/main.ts',
    'app://bundle/%E0%A4%A',
  ])('%s is refused', (url) => {
    expect(resolveAppAsset(url, dir)).toBeNull()
  })
})
