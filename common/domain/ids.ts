/** Branded identifiers: a JobId can never be passed where a MediaId is expected. */
type Brand<T, B extends string> = T & { readonly __brand: B }

/** A local upload job (UUID). */
export type JobId = Brand<string, 'JobId'>
/** A batch of jobs: one drop, one "Add folder…", one `spool upload`, one manifest (UUID). */
export type BatchId = Brand<string, 'BatchId'>
/** A FastPix media id. For a direct upload it equals the upload id. */
export type MediaId = Brand<string, 'MediaId'>
/** A FastPix direct-upload id. */
export type UploadId = Brand<string, 'UploadId'>
/** A track id within a media. */
export type TrackId = Brand<string, 'TrackId'>
/** An account's unique, user-chosen name (`sandbox` is built in). */
export type AccountName = Brand<string, 'AccountName'>

export const asJobId = (s: string): JobId => s as JobId
export const asBatchId = (s: string): BatchId => s as BatchId
export const asMediaId = (s: string): MediaId => s as MediaId
export const asUploadId = (s: string): UploadId => s as UploadId
export const asTrackId = (s: string): TrackId => s as TrackId
export const asAccountName = (s: string): AccountName => s as AccountName

/** A UUID in its canonical textual form (FastPix media, upload and track ids; Spool's job ids). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A FastPix live stream id: 32 hex digits. */
export const LIVE_STREAM_ID_PATTERN = /^[0-9a-f]{32}$/i
/** A PeerTube numeric id. */
export const PEERTUBE_NUMBER_ID_PATTERN = /^[1-9][0-9]{0,15}$/
/** A PeerTube short UUID: a UUID in base58 (no 0, O, I or l). */
export const PEERTUBE_SHORT_UUID_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{20,24}$/

/**
 * Whether a string has the shape of an id one of Spool's providers issues (a UUID, a number or a short
 * UUID). Nothing of that shape can leave a URL path segment: no dots, slashes, percent signs or spaces.
 * Each provider checks its own, narrower shape again before it builds a URL.
 */
export function isRemoteId(value: string): boolean {
  return (
    UUID_PATTERN.test(value) ||
    PEERTUBE_NUMBER_ID_PATTERN.test(value) ||
    PEERTUBE_SHORT_UUID_PATTERN.test(value)
  )
}

/** A caption's language as PeerTube names its tracks (one caption per language): `fr`, `pt-br`. */
export const LANGUAGE_TRACK_ID_PATTERN = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i

/** Whether a string has the shape of a track id: a provider id, or a caption language on PeerTube. */
export function isTrackId(value: string): boolean {
  return isRemoteId(value) || LANGUAGE_TRACK_ID_PATTERN.test(value)
}
