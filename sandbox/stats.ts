import type { FaultKind } from './faults.ts'
import { fullGcCount, watchFullGcs } from './reclaim.ts'

/** Counters of one upload session. */
export type UploadStats = {
  bytesReceived: number
  bytesPersisted: number
  putCount: number
  faultsInjected: Record<FaultKind, number>
}

/** What `GET /_sandbox/stats` returns. */
export type SandboxStats = {
  uploads: Record<string, UploadStats>
  totals: UploadStats & { apiCalls: number; apiErrorsInjected: number }
  peakRssBytes: number
  rssBytes: number
  /** Full (mark-compact) garbage collections of the hosting process since its first sandbox started. */
  fullGcs: number
}

const emptyFaults = (): Record<FaultKind, number> => ({
  error: 0,
  reset: 0,
  stall: 0,
  partial: 0,
  corrupt: 0,
})

/** In-memory counters for tests and benchmarks (reset when the process restarts). */
export class StatsRegistry {
  private readonly uploads = new Map<string, UploadStats>()
  apiCalls = 0
  apiErrorsInjected = 0

  constructor() {
    watchFullGcs()
  }

  /** The counters of one upload, created on first use. */
  of(uploadId: string): UploadStats {
    let stats = this.uploads.get(uploadId)
    if (!stats) {
      stats = { bytesReceived: 0, bytesPersisted: 0, putCount: 0, faultsInjected: emptyFaults() }
      this.uploads.set(uploadId, stats)
    }
    return stats
  }

  /** A JSON-ready snapshot with totals and the process's peak RSS. */
  snapshot(): SandboxStats {
    const uploads: Record<string, UploadStats> = {}
    const totals = {
      bytesReceived: 0,
      bytesPersisted: 0,
      putCount: 0,
      faultsInjected: emptyFaults(),
      apiCalls: this.apiCalls,
      apiErrorsInjected: this.apiErrorsInjected,
    }
    for (const [id, s] of this.uploads) {
      uploads[id] = { ...s, faultsInjected: { ...s.faultsInjected } }
      totals.bytesReceived += s.bytesReceived
      totals.bytesPersisted += s.bytesPersisted
      totals.putCount += s.putCount
      for (const kind of Object.keys(s.faultsInjected) as FaultKind[])
        totals.faultsInjected[kind] += s.faultsInjected[kind]
    }
    // maxRSS is in KiB on every platform Node supports.
    return {
      uploads,
      totals,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      rssBytes: process.memoryUsage.rss(),
      fullGcs: fullGcCount(),
    }
  }
}
