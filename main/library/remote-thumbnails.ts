import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AccountName, MediaId } from '../../common/domain/ids.ts'
import type { Media } from '../../common/domain/media.ts'
import { accountName, mediaId } from '../../common/ipc/schemas.ts'
import { createLogger } from '../logging/log.ts'

/**
 * Where the page reads a remote instance's thumbnail: `app://bundle/remote-thumb/<account>/<media id>`. The
 * window's image policy allows only loopback and FastPix's image hosts (main/window/security.ts); a
 * self-hosted PeerTube can be anywhere, so main fetches its thumbnails instead of widening the policy. The
 * page names an account and a media id, never a URL: main reads the URL from that account's cached
 * library and fetches it only from the account's own instance.
 */
export const REMOTE_THUMB_PREFIX = '/remote-thumb/'

/** Image types served (what PeerTube generates, and nothing a page could run). */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
}

/** Larger than any thumbnail PeerTube makes (a few tens of KiB); a bigger answer is not an image of it. */
const MAX_BYTES = 4 * 1024 * 1024

export type FetchedImage = Readonly<{ contentType: string; bytes: Uint8Array }>

/** What serving a thumbnail needs: the cached library, and the account's own HTTP client. */
export type RemoteThumbnailSource = Readonly<{
  /** The media as the account's library cache holds it, or null. */
  cached(account: AccountName, id: MediaId): Media | null
  /**
   * The account's instance origin and a fetch through its HTTP client (proxy, pinned certificate), or
   * null when the account does not need its thumbnails served by main (FastPix's hosts are allowed).
   */
  fetcher(account: AccountName): Promise<{
    origin: string
    fetch(url: URL, signal?: AbortSignal): Promise<FetchedImage>
  } | null>
}>

export type RemoteThumbnails = Readonly<{ serve(rawUrl: string, signal?: AbortSignal): Promise<Response> }>

const log = createLogger('remote-thumbnails')

/** The account and media id an app:// thumbnail URL names, or null for anything else. */
export function parseRemoteThumbUrl(rawUrl: string): { account: AccountName; id: MediaId } | null {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return null
  }
  if (
    url.protocol !== 'app:' ||
    url.host !== 'bundle' ||
    url.search !== '' ||
    !url.pathname.startsWith(REMOTE_THUMB_PREFIX)
  )
    return null
  const parts = url.pathname.slice(REMOTE_THUMB_PREFIX.length).split('/')
  if (parts.length !== 2) return null
  // Both parts are checked as they are written: an escape (%2F, %2E) is not a letter of an id.
  const account = accountName().safeParse(parts[0])
  const id = mediaId().safeParse(parts[1])
  return account.success && id.success ? { account: account.data, id: id.data } : null
}

const notFound = (): Response => new Response('Not found', { status: 404 })

const image = (bytes: Uint8Array, contentType: string): Response =>
  new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'content-type': contentType,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    },
  })

/** Serves remote thumbnails from `dir` (under the Spool home), fetching each once per URL. */
export function createRemoteThumbnails(dir: string, source: RemoteThumbnailSource): RemoteThumbnails {
  const inFlight = new Map<string, Promise<Response>>()

  const fetchAndKeep = async (
    file: string,
    url: URL,
    fetcher: NonNullable<Awaited<ReturnType<RemoteThumbnailSource['fetcher']>>>,
    signal?: AbortSignal,
  ): Promise<Response> => {
    const fetched = await fetcher.fetch(url, signal)
    const type = fetched.contentType.split(';')[0]!.trim().toLowerCase()
    const ext = IMAGE_TYPES[type]
    if (!ext || fetched.bytes.byteLength === 0 || fetched.bytes.byteLength > MAX_BYTES) return notFound()
    await mkdir(dir, { recursive: true })
    const tmp = `${file}${ext}.${process.pid}.tmp`
    await writeFile(tmp, fetched.bytes)
    await rename(tmp, `${file}${ext}`)
    return image(fetched.bytes, type)
  }

  const fromCache = async (file: string): Promise<Response | null> => {
    for (const [type, ext] of Object.entries(IMAGE_TYPES)) {
      try {
        return image(await readFile(`${file}${ext}`), type)
      } catch {
        // Not kept with this type.
      }
    }
    return null
  }

  return {
    async serve(rawUrl, signal) {
      const named = parseRemoteThumbUrl(rawUrl)
      if (!named) return notFound()
      const media = source.cached(named.account, named.id)
      if (!media?.thumbnailUrl) return notFound()
      let url: URL
      try {
        url = new URL(media.thumbnailUrl)
      } catch {
        return notFound()
      }
      const fetcher = await source.fetcher(named.account).catch(() => null)
      // Only the account's own instance is asked, whatever URL the cache holds.
      if (!fetcher || url.origin !== fetcher.origin || url.username !== '' || url.password !== '')
        return notFound()
      // Kept per account, media and URL: a new thumbnail has a new URL on PeerTube.
      const key = createHash('sha256').update(`${named.account}\0${named.id}\0${url.href}`).digest('hex')
      const file = join(dir, key.slice(0, 40))
      const kept = await fromCache(file)
      if (kept) return kept
      let pending = inFlight.get(key)
      if (!pending) {
        pending = fetchAndKeep(file, url, fetcher, signal)
          .catch((caught: unknown) => {
            log.warn('a thumbnail could not be fetched', { account: named.account, error: caught })
            return new Response('Not available', { status: 502 })
          })
          .finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return (await pending).clone()
    },
  }
}
