import type { UploadSettings } from './upload.ts'

/** App-wide settings, persisted in SQLite by main. */
export type Settings = Readonly<{
  concurrency: number
  /**
   * A pinned chunk size in MiB, or null for automatic sizing: chunks start at 16 MiB and grow to 512 MiB
   * on a fast link (fewer round trips), shrinking to 8 MiB on a slow one.
   */
  chunkSizeMiB: number | null
  /** Bytes per second over all uploads; null = unlimited. */
  bandwidthCap: number | null
  defaultUpload: UploadSettings
}>

export const DEFAULT_SETTINGS: Settings = {
  concurrency: 3,
  chunkSizeMiB: null,
  bandwidthCap: null,
  defaultUpload: { accessPolicy: 'public', metadata: {} },
}

/**
 * Per account (by name): the URL a folder of sidecar files is served from (issue 15 §2). FastPix adds tracks
 * only from a URL, so a caption `Shoot/clip.en.vtt` beside a video is sent to FastPix as
 * `<base>/Shoot/clip.en.vtt` (its path relative to the manifest's folder) when the account has one.
 */
export type SidecarUrlBases = Readonly<Record<string, string>>
