import type { UploadSettings } from './upload.ts'

/** App-wide settings, persisted in SQLite by main. */
export type Settings = Readonly<{
  concurrency: number
  chunkSizeMiB: number
  /** Bytes per second over all uploads; null = unlimited. */
  bandwidthCap: number | null
  defaultUpload: UploadSettings
}>

export const DEFAULT_SETTINGS: Settings = {
  concurrency: 3,
  chunkSizeMiB: 16,
  bandwidthCap: null,
  defaultUpload: { accessPolicy: 'public', metadata: {} },
}
