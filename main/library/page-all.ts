import type { RemotePage } from '../providers/provider.ts'

/** Fetches one 1-based page. */
export type PageFetcher<T> = (page: number, limit: number) => Promise<RemotePage<T>>

export type PageAllOptions = Readonly<{
  limit?: number
  /** Pages fetched at the same time after the first. */
  concurrency?: number
  /** Extra passes when the total changed while paging (items shifted between pages). */
  maxRescans?: number
  signal?: AbortSignal
}>

/**
 * Pages through an offset-paginated list over a live library (ARCHITECTURE.md §9): every page at `limit`, items
 * deduplicated by id. Offset pagination shifts items when the library changes while we page, so when the
 * total moved during the pass (or fewer distinct ids than the total were seen) the whole list is scanned
 * again, merging, at most `maxRescans` times.
 */
export async function pageAll<T extends { id: string }>(
  fetchPage: PageFetcher<T>,
  options: PageAllOptions = {},
): Promise<{ items: T[]; totalRecords: number; passes: number }> {
  const limit = options.limit ?? 50
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const maxRescans = options.maxRescans ?? 2
  const byId = new Map<string, T>()
  let totalRecords = 0
  let passes = 0

  let seen = new Set<string>()
  const keep = (items: ReadonlyArray<T>): void => {
    for (const item of items) {
      byId.set(item.id, item)
      seen.add(item.id)
    }
  }

  const onePass = async (): Promise<{ before: number; after: number }> => {
    passes += 1
    seen = new Set()
    const first = await fetchPage(1, limit)
    keep(first.items)
    const before = first.totalRecords
    let after = before
    let pageCount = first.pageCount
    let next = 2
    let stop = first.items.length === 0
    const worker = async (): Promise<void> => {
      while (!stop && next <= pageCount) {
        options.signal?.throwIfAborted()
        const p = next
        next += 1
        const page = await fetchPage(p, limit)
        keep(page.items)
        after = page.totalRecords
        if (page.pageCount > pageCount) pageCount = page.pageCount
        if (page.items.length === 0) stop = true
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    totalRecords = after
    return { before, after }
  }

  const clean = (c: { before: number; after: number }): boolean =>
    c.before === c.after && seen.size >= c.after
  let counts = await onePass()
  for (let i = 0; i < maxRescans && !clean(counts); i += 1) counts = await onePass()
  // A clean last pass is complete by itself (and drops items deleted meanwhile); otherwise keep the union.
  const items = clean(counts) ? [...seen].map((id) => byId.get(id) as T) : [...byId.values()]
  return { items, totalRecords, passes }
}
