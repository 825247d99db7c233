import { extname } from 'node:path'
import { appError } from '../../../common/ipc/result.ts'
import type { PreflightReport, UploadFile } from '../provider.ts'
import type { Me, QuotaUsed, ServerConfig } from './schemas.ts'

/** What the instance and the account say, as read before a batch is queued. */
export type PreflightFacts = Readonly<{
  config: Pick<ServerConfig, 'video'>
  me: Pick<Me, 'videoQuota' | 'videoQuotaDaily'>
  used: QuotaUsed
}>

const MiB = 1_048_576

/** Bytes as MiB: one decimal ("12.5 MiB"), two under 1 MiB so a small figure does not read as zero. */
export const mib = (bytes: number): string => `${(bytes / MiB).toFixed(bytes < MiB ? 2 : 1)} MiB`

/**
 * PeerTube's verdict on a batch, computed from its public config and the account's quota: a file whose
 * extension the instance does not list is refused with that list; when the files left need more than the
 * quota leaves (total or daily; -1 means unlimited), the whole batch is refused with the figures.
 * PeerTube checks the quota against each file's size as uploaded, which is what is summed here.
 */
export function preflightVerdict(files: ReadonlyArray<UploadFile>, facts: PreflightFacts): PreflightReport {
  const allowed = new Set(facts.config.video.file.extensions.map((e) => e.toLowerCase()))
  const refused: Array<PreflightReport['refused'][number]> = []
  let need = 0
  for (const file of files) {
    const ext = extname(file.name).toLowerCase()
    if (allowed.size > 0 && !allowed.has(ext)) {
      refused.push({
        name: file.name,
        reason: appError(
          'upload/not-media',
          `This PeerTube instance does not accept ${ext || 'files without an extension'}${ext ? ' files' : ''}.`,
          { detail: `It accepts: ${[...allowed].join(', ')}.` },
        ),
      })
      continue
    }
    need += file.size
  }
  if (need === 0) return { refused, batchError: null }

  const { me, used } = facts
  const limits = [
    { quota: me.videoQuota, used: used.videoQuotaUsed, what: 'quota' },
    { quota: me.videoQuotaDaily, used: used.videoQuotaUsedDaily, what: 'daily quota' },
  ]
  for (const limit of limits) {
    if (limit.quota < 0 || limit.used + need <= limit.quota) continue
    const left = Math.max(0, limit.quota - limit.used)
    const count = files.length - refused.length
    return {
      refused,
      batchError: appError(
        'upload/quota-exceeded',
        `These ${count} file${count === 1 ? '' : 's'} need ${mib(need)}, but this PeerTube account has ` +
          `${mib(left)} left of its ${limit.what}: ${mib(limit.used)} used of ${mib(limit.quota)}. Nothing was queued.`,
        { detail: `need=${need} used=${limit.used} total=${limit.quota}` },
      ),
    }
  }
  return { refused, batchError: null }
}
