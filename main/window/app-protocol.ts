import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Net, Protocol } from 'electron'
import { REMOTE_THUMB_PREFIX, type RemoteThumbnails } from '../library/remote-thumbnails.ts'
import { LOCAL_MEDIA_PREFIX, serveLocalMedia, type LocalMediaSource } from './local-media.ts'
import { CONTENT_SECURITY_POLICY } from './security.ts'

/** The scheme the packaged UI is served from (SEC-02): never file://. */
export const APP_SCHEME = 'app'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/**
 * Maps an app://bundle/… URL to a file inside `root`, or null. Decodes once, rejects traversal, absolute
 * paths, NUL bytes, other hosts and extensions outside the allowlist.
 */
export function resolveAppAsset(rawUrl: string, root: string): string | null {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'bundle') return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\') || path.includes('%')) return null
  const rel = path === '/' ? 'index.html' : path.replace(/^\/+/, '')
  if (isAbsolute(rel)) return null
  const full = resolve(root, rel)
  const inside = relative(root, full)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..'))
    return null
  if (!(extname(full) in TYPES)) return null
  return full
}

/** Whether `rawUrl` is an app://bundle URL under `prefix` (served by main itself, not a file of the UI). */
function isAppPath(rawUrl: string, prefix: string): boolean {
  try {
    const url = new URL(rawUrl)
    return url.protocol === `${APP_SCHEME}:` && url.host === 'bundle' && url.pathname.startsWith(prefix)
  } catch {
    return false
  }
}

/** Whether an app:// URL asks for a queued file (poster frames) rather than a file of the UI. */
export const isLocalMediaUrl = (rawUrl: string): boolean => isAppPath(rawUrl, LOCAL_MEDIA_PREFIX)

/** Whether an app:// URL asks for a remote instance's thumbnail. */
export const isRemoteThumbUrl = (rawUrl: string): boolean => isAppPath(rawUrl, REMOTE_THUMB_PREFIX)

/**
 * Serves the built renderer on app://bundle with the CSP header, the user's queued files under
 * /local-media/ (main/window/local-media.ts decides which) and a self-hosted instance's thumbnails under
 * /remote-thumb/ (main/library/remote-thumbnails.ts; any other /remote-thumb/ URL is not found).
 */
export function handleAppProtocol(
  protocol: Protocol,
  net: Net,
  root: string,
  media: LocalMediaSource,
  thumbnails?: RemoteThumbnails,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (isLocalMediaUrl(request.url)) return serveLocalMedia(request, media)
    if (thumbnails && isRemoteThumbUrl(request.url)) return thumbnails.serve(request.url, request.signal)
    const file = resolveAppAsset(request.url, root)
    if (!file) return new Response('Not found', { status: 404 })
    const res = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(res.headers)
    headers.set('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY)
    headers.set('x-content-type-options', 'nosniff')
    return new Response(res.body, { status: res.status, headers })
  })
}
