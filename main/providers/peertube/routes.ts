import { peerTubeFailure } from './errors.ts'

/**
 * The only place PeerTube URLs are built. Every variable path segment is validated against what PeerTube
 * ids really look like, and the finished URL is checked to be exactly the intended route on the instance
 * (no dot segments, no encoded slashes, no other host), so a hostile id can never redirect a bearer
 * request somewhere else.
 */

const POSITIVE_INT = /^[1-9][0-9]{0,14}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Short UUIDs are base58 (Flickr alphabet: no 0, O, I, l), 22 characters. */
const SHORT_UUID = /^[1-9A-HJ-NP-Za-km-z]{22}$/
/** Language ids PeerTube uses for captions ("en", "pt-BR", "zh-Hans", "sgn-BR"…). */
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/
/** A fixed or validated path segment: plain characters only, never only dots. */
const SAFE_SEGMENT = /^[A-Za-z0-9_.-]+$/
/** The resumable engine's upload ids: hex hash segments joined by '-'. */
const UPLOAD_ID = /^[0-9a-f]{8,64}(?:-[0-9a-f]{8,64}){0,5}$/

function invalid(what: string): never {
  throw peerTubeFailure('validation', 'input/invalid', `${what} is not a valid PeerTube identifier.`)
}

/** A PeerTube video id (positive integer, UUID or short UUID), as a string safe to put in a path. */
export type VideoRef = string & { readonly __brand: 'PeerTubeVideoRef' }

/** Validates a video id; anything but a positive integer, a UUID or a 22-character short UUID is refused. */
export function videoRef(raw: string | number): VideoRef {
  const text = typeof raw === 'number' ? (Number.isSafeInteger(raw) ? String(raw) : '') : raw
  if (POSITIVE_INT.test(text) || UUID.test(text) || SHORT_UUID.test(text)) return text as VideoRef
  return invalid('The video id')
}

/** Validates a caption language id. */
export function languageRef(raw: string): string {
  return LANGUAGE.test(raw) ? raw : invalid('The caption language')
}

/** Validates an upload id from a resumable `Location`. */
export function uploadIdRef(raw: string): string {
  return UPLOAD_ID.test(raw) ? raw : invalid('The upload id')
}

/**
 * Normalises what the user typed as the instance address to its origin (`https://host[:port]`). PeerTube
 * runs at the root of its host; a path, query, fragment or user-info is refused rather than guessed.
 */
export function normalizeInstanceUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw peerTubeFailure('validation', 'input/invalid', 'The PeerTube address is not a valid URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw peerTubeFailure('validation', 'input/invalid', 'The PeerTube address must start with https://.')
  if (url.username || url.password || url.search || url.hash || !/^\/*$/.test(url.pathname))
    throw peerTubeFailure(
      'validation',
      'input/invalid',
      'Give the PeerTube address without a path, e.g. https://video.example.org.',
    )
  return url.origin
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>

/**
 * Builds `<instance>/api/v1/<segments…>[?query]` and proves the result is that route: every segment must be
 * plain (validated ids or fixed words), and the parsed URL's origin and pathname must equal the intended ones.
 */
export function apiUrl(instanceUrl: string, segments: ReadonlyArray<string>, query: Query = {}): URL {
  const origin = normalizeInstanceUrl(instanceUrl)
  for (const segment of segments) {
    if (!SAFE_SEGMENT.test(segment) || /^\.+$/.test(segment)) invalid('A path segment')
  }
  const intended = `/api/v1/${segments.join('/')}`
  const url = new URL(intended, origin)
  if (url.origin !== origin || url.pathname !== intended) invalid('A path segment')
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return url
}

export const UPLOAD_RESUMABLE = ['videos', 'upload-resumable'] as const

/** The URL of one resumable upload on `instanceUrl`. */
export function uploadUrl(instanceUrl: string, uploadId: string): URL {
  return apiUrl(instanceUrl, UPLOAD_RESUMABLE, { upload_id: uploadIdRef(uploadId) })
}

/**
 * Resolves the init response's `Location` (protocol-relative in 6.3.2) and rebuilds it on the instance the
 * user configured: only its `upload_id` is taken, so a Location naming another host or path can never
 * receive the bearer token.
 */
export function uploadUrlFromLocation(instanceUrl: string, location: string): URL {
  const origin = normalizeInstanceUrl(instanceUrl)
  let resolved: URL
  try {
    resolved = new URL(location, origin)
  } catch {
    return invalid('The upload location')
  }
  if (resolved.pathname !== `/api/v1/${UPLOAD_RESUMABLE.join('/')}`) invalid('The upload location')
  const id = resolved.searchParams.get('upload_id')
  if (id === null) return invalid('The upload location')
  return uploadUrl(origin, id)
}

/** Checks a stored session URL is an upload URL on this instance and returns its upload id. */
export function parseUploadUrl(
  instanceUrl: string,
  sessionUrl: string,
): Readonly<{ url: URL; uploadId: string }> {
  const origin = normalizeInstanceUrl(instanceUrl)
  let parsed: URL
  try {
    parsed = new URL(sessionUrl)
  } catch {
    return invalid('The upload session')
  }
  if (parsed.origin !== origin) invalid('The upload session')
  const url = uploadUrlFromLocation(origin, sessionUrl)
  return { url, uploadId: url.searchParams.get('upload_id') ?? invalid('The upload session') }
}

/** Resolves a server-relative path from a body (`thumbnailPath`, `captionPath`) against the instance. */
export function staticUrl(instanceUrl: string, path: string | null | undefined): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//')) return null
  const origin = normalizeInstanceUrl(instanceUrl)
  const url = new URL(path, origin)
  return url.origin === origin ? url.toString() : null
}
