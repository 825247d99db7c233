import type { AppError } from '../ipc/result.ts'
import type { AccountName, BatchId, JobId, MediaId, UploadId } from './ids.ts'

/**
 * Upload job states (ARCHITECTURE.md §3). `processing` means the bytes are verified and FastPix is transcoding;
 * `waiting-for-network` is entered and left without user action.
 */
export type UploadState =
  | 'queued'
  | 'preparing'
  | 'uploading'
  | 'verifying'
  | 'processing'
  | 'done'
  | 'paused'
  | 'waiting-for-network'
  | 'needs-sign-in'
  | 'failed'
  | 'cancelled'

export const UPLOAD_STATES: ReadonlyArray<UploadState> = [
  'queued',
  'preparing',
  'uploading',
  'verifying',
  'processing',
  'done',
  'paused',
  'waiting-for-network',
  'needs-sign-in',
  'failed',
  'cancelled',
]

export type AccessPolicy = 'public' | 'private'
export type MaxResolution = '480p' | '720p' | '1080p' | '1440p' | '2160p'

/** What the user chose for a file or a batch; sent as FastPix `pushMediaSettings`. */
export type UploadSettings = Readonly<{
  /** Defaults to the file name without its extension. */
  title?: string
  accessPolicy: AccessPolicy
  maxResolution?: MaxResolution
  /** At most 10 keys, 255 characters each (FastPix's limit). Spool adds its own keys within that budget. */
  metadata: Readonly<Record<string, string>>
  /** PeerTube: the video's description, tags and channel (by its handle name); FastPix ignores them. */
  description?: string
  tags?: ReadonlyArray<string>
  channel?: string
  /** PeerTube's finer privacy; without it `accessPolicy` decides (public → Public, private → Private). */
  privacy?: VideoPrivacy
  /** PeerTube: publish only once transcoding is done (default true). */
  waitTranscoding?: boolean
}>

/** PeerTube's video privacies, by name (password-protected videos are not made by Spool). */
export type VideoPrivacy = 'public' | 'unlisted' | 'private' | 'internal'
export const VIDEO_PRIVACIES: ReadonlyArray<VideoPrivacy> = ['public', 'unlisted', 'private', 'internal']

/** One file's upload as main knows it. Never carries the session URI (a bearer credential). */
export type UploadJob = Readonly<{
  id: JobId
  /** The batch the job was added in; null for jobs queued before batches were recorded. */
  batchId: BatchId | null
  account: AccountName
  path: string
  /** Folder path relative to the dropped root ('' for a file dropped on its own). */
  relativeDir: string
  name: string
  size: number
  state: UploadState
  /** Bytes the server has acknowledged (from its Range header), never a local guess. */
  bytesAcked: number
  uploadId: UploadId | null
  mediaId: MediaId | null
  error: AppError | null
  attempts: number
  settings: UploadSettings
  createdAt: string
  updatedAt: string
}>

/** A progress sample for an active job; main coalesces these (≤ 10 events per second in total). */
export type UploadProgress = Readonly<{
  id: JobId
  bytesAcked: number
  /** Bytes sent in the current request, on top of bytesAcked (not yet acknowledged). */
  bytesInFlight: number
  /** Bytes per second over the last few seconds. */
  rate: number
  /** Seconds to go at the current rate, or null when unknown. */
  etaSeconds: number | null
}>

/** How a batch came in: a drop on the window, the "Add…" dialog, `spool upload`, or a manifest. */
export type BatchOrigin = 'drop' | 'dialog' | 'cli' | 'manifest'
export const BATCH_ORIGINS: ReadonlyArray<BatchOrigin> = ['drop', 'dialog', 'cli', 'manifest']

/**
 * A batch: the files one user action queued, across every destination it named (ARCHITECTURE.md §3). Its jobs
 * carry its id; the batch itself only says where it came from.
 */
export type Batch = Readonly<{
  id: BatchId
  /** What the user would call it: the dropped folder's name, "A001 and 2 more", the manifest's name. */
  label: string
  origin: BatchOrigin
  /** The manifest file the batch writes its results back to (origin `manifest`), else null. */
  manifestPath: string | null
  createdAt: string
}>

/** What a caller says about the batch an enqueue starts (the label defaults to one made from the paths). */
export type BatchIntent = Readonly<{ origin: BatchOrigin; label?: string; manifestPath?: string }>

/** Why a path given to enqueue was not queued. */
export type SkippedPath = Readonly<{ path: string; reason: AppError }>

/**
 * A file not queued because its content already went (or is going) to the same destination (issue 13 §2):
 * `same-file` is the same path, size and date; `same-content` another file with the same content (a renamed
 * or copied file); `library` a media found in the destination's library (uploaded from another machine, or
 * before the queue was cleared); `moved` the file of an unfinished job whose old place is gone (a card
 * mounted at another path): that job now reads it here and continues. `force` uploads it anyway.
 */
export type DuplicateFile = Readonly<{
  path: string
  match: 'same-file' | 'same-content' | 'library' | 'moved'
  /** The local job holding that content, while it is in the queue; null when only the library has it. */
  existingJobId: JobId | null
  state: UploadState | null
  /** Where the existing copy is: its account, its media (null until its job has one) and its title. */
  copy: Readonly<{ account: AccountName; mediaId: MediaId | null; title: string | null }>
}>

/**
 * What a relocation did (issue 13 §1: a card mounted again at another path): the jobs pointed at their files'
 * new place, which continue from the bytes already sent, and those whose files were not found there.
 */
export type RelocationReport = Readonly<{
  moved: ReadonlyArray<
    Readonly<{ jobId: string; from: string; to: string; bytesAcked: number; size: number }>
  >
  notFound: ReadonlyArray<Readonly<{ jobId: string; path: string }>>
}>

/** The answer to "add these files and folders". */
export type EnqueueReport = Readonly<{
  /** The batch the added jobs belong to; null when nothing was added. */
  batch: Batch | null
  added: ReadonlyArray<UploadJob>
  skipped: ReadonlyArray<SkippedPath>
  /** Files whose content the destination already has or is getting: reported, not re-uploaded. */
  duplicates: ReadonlyArray<DuplicateFile>
}>

/** Which jobs a bulk action applies to. */
export type JobSelection = Readonly<{ ids: ReadonlyArray<JobId> }> | Readonly<{ all: true }>
