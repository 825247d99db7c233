/** Branded identifiers: a JobId can never be passed where a MediaId is expected. */
type Brand<T, B extends string> = T & { readonly __brand: B }

/** A local upload job (UUID). */
export type JobId = Brand<string, 'JobId'>
/** A FastPix media id. For a direct upload it equals the upload id. */
export type MediaId = Brand<string, 'MediaId'>
/** A FastPix direct-upload id. */
export type UploadId = Brand<string, 'UploadId'>
/** A track id within a media. */
export type TrackId = Brand<string, 'TrackId'>
/** An account's unique, user-chosen name (`sandbox` is built in). */
export type AccountName = Brand<string, 'AccountName'>

export const asJobId = (s: string): JobId => s as JobId
export const asMediaId = (s: string): MediaId => s as MediaId
export const asUploadId = (s: string): UploadId => s as UploadId
export const asTrackId = (s: string): TrackId => s as TrackId
export const asAccountName = (s: string): AccountName => s as AccountName
