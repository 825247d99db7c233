import type { UploadJob } from '../../common/domain/upload.ts'

export type RefreshAfterUploadsOptions = Readonly<{
  /** Refreshes the library of the selected account. */
  refresh: () => Promise<unknown>
  /** Called after each refresh that succeeded (the core tells the UI the library changed). */
  refreshed: () => void
  /** Called when a refresh failed; the next finished upload tries again. */
  failed: (caught: unknown) => void
  /** How long things must stay quiet before the refresh runs. */
  delayMs: number
}>

export type RefreshAfterUploads = Readonly<{
  /** Tells it a job changed; a job that reached processing or done schedules (or pushes back) the refresh. */
  jobChanged(job: UploadJob): void
  dispose(): void
}>

/**
 * After uploads finish, refreshes the library once things settle, so new media show up without a click:
 * one refresh per quiet spell of `delayMs`, however many uploads finished in it.
 */
export function refreshAfterUploads(o: RefreshAfterUploadsOptions): RefreshAfterUploads {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    jobChanged(job) {
      if (job.state !== 'done' && job.state !== 'processing') return
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        o.refresh()
          .then(() => o.refreshed())
          .catch((caught: unknown) => o.failed(caught))
      }, o.delayMs)
    },
    dispose() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
