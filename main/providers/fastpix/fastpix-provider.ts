import { METADATA_LIMITS } from '../../../common/domain/media.ts'
import { createApiClient, type Credentials } from '../../http/client.ts'
import type { Provider, ProviderCapabilities } from '../provider.ts'
import { createFastPixLibraryPort } from './library-port.ts'
import { createFastPixUploadPort } from './upload-port.ts'

/** FastPix's metadata limits (≤ 10 keys, ≤ 255 characters per value). */
export const FASTPIX_METADATA_LIMITS = METADATA_LIMITS

/** What FastPix can do (ARCHITECTURE.md §2): AI summaries and generated subtitles, tracks by URL only. */
export const FASTPIX_CAPABILITIES: ProviderCapabilities = {
  summaries: true,
  generatedSubtitles: true,
  tracksByUrlOnly: true,
  mp4Support: true,
  sourceAccess: true,
  unusedUploads: true,
  clips: true,
  metadataLimits: FASTPIX_METADATA_LIMITS,
}

export type FastPixProviderConfig = Readonly<{
  apiUrl: string
  credentials: () => Promise<Credentials>
  userAgent?: string
  /** Spool's local sandbox (generated text is marked as sandbox output). */
  sandbox?: boolean
  /** Retries of idempotent calls (default 4); a one-off check such as verifying a new key uses fewer. */
  retryLimit?: number
}>

/** The FastPix provider: one configured HTTP client shared by the library port and the upload port. */
export function createFastPixProvider(config: FastPixProviderConfig): Provider {
  const client = createApiClient({
    apiUrl: config.apiUrl,
    credentials: config.credentials,
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
    ...(config.retryLimit !== undefined ? { retryLimit: config.retryLimit } : {}),
  })
  return {
    kind: 'fastpix',
    capabilities: FASTPIX_CAPABILITIES,
    uploads: createFastPixUploadPort(client),
    library: createFastPixLibraryPort(client, { sandbox: config.sandbox === true }),
  }
}
