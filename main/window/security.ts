import { linkForUrl, type ExternalLink } from '../../common/domain/links.ts'
import type { Session, WebContents } from 'electron'

/** The app's own origin (served by the app:// protocol handler). */
export const APP_ORIGIN = 'app://bundle'

/**
 * The renderer's Content-Security-Policy (security-reliability.md SEC-03), sent as a header by the app://
 * handler and mirrored by renderer/index.html's meta tag (a test keeps them equal). Nothing but the app's
 * own files runs; media and images may come from the local sandbox and FastPix's stream and image hosts;
 * connect-src adds only those stream hosts because hls.js fetches playlists and segments with XHR.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: http://127.0.0.1:* https://images.fastpix.com https://images.fastpix.io",
  "media-src 'self' blob: http://127.0.0.1:* https://stream.fastpix.com",
  "connect-src 'self' http://127.0.0.1:* https://stream.fastpix.com",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The origin of a URL as `scheme://host[:port]`, or null for opaque ones (file:, about:, data:). Computed by
 * hand because Node's URL reports 'null' for non-special schemes such as our app://, where Chromium (with
 * the scheme registered as standard) reports `app://bundle`.
 */
export function originOf(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.host === '' || url.protocol === 'file:') return null
  return `${url.protocol}//${url.host}`
}

/** Whether a navigation target stays inside the app (only our origin, or the dev server in development). */
export function isAppUrl(raw: string, allowedOrigins: ReadonlyArray<string>): boolean {
  const origin = originOf(raw)
  return origin !== null && allowedOrigins.includes(origin)
}

/**
 * Locks a webContents down (checklist 11–15): no navigation away, no new windows (allow-listed links go to
 * the system browser instead), no webviews.
 */
export function hardenWebContents(
  contents: WebContents,
  allowedOrigins: () => ReadonlyArray<string>,
  openLink: (link: ExternalLink) => void,
): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, allowedOrigins())) event.preventDefault()
  }
  contents.on('will-navigate', (event, url) => guard(event, url))
  contents.on('will-frame-navigate', (event) => guard(event, event.url))
  contents.on('will-redirect', (event, url) => guard(event, url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const link = linkForUrl(url)
    if (link) setImmediate(() => openLink(link))
    return { action: 'deny' }
  })
}

/** Denies every permission request and check (camera, notifications from the page, geolocation…). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
