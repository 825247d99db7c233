import type { ServerConfig } from './schemas.ts'

const MiB = 1024 * 1024

/**
 * The largest chunk a PeerTube upload sends (ARCHITECTURE.md §7): 64 MiB, under the 100 MB request body
 * that Cloudflare's free plan (in front of many instances) accepts, whatever the account's chunk size
 * setting; lower when the instance's admin set a smaller `maxChunkSize` (its web client's chunk, set
 * because of such a proxy). The runner aligns it to its 256 KiB unit.
 */
export const PEERTUBE_MAX_CHUNK = 64 * MiB

export function peerTubeChunkLimit(config: Pick<ServerConfig, 'client'> | null): number {
  const advertised = config?.client?.videos.resumableUpload.maxChunkSize ?? 0
  return advertised > 0 ? Math.min(PEERTUBE_MAX_CHUNK, advertised) : PEERTUBE_MAX_CHUNK
}
