import { invalid, type FieldError } from './http-util.ts'

/** A validated list query: 1-based page `offset`, `limit` 1..50, `orderBy` asc|desc. */
export type PageQuery = { limit: number; offset: number; orderBy: 'asc' | 'desc' }

const INTEGER = /^\d+$/

/** Parses list query parameters; out-of-range or non-numeric values answer 422 like FastPix. */
export function parsePageQuery(query: Record<string, string | string[] | undefined>): PageQuery {
  const fields: FieldError[] = []
  const one = (name: string): string | undefined => {
    const value = query[name]
    return Array.isArray(value) ? value[value.length - 1] : value
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = one(name)
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!INTEGER.test(raw) || value < min || value > max) {
      fields.push({
        field: name,
        message:
          max === Infinity ? `must be an integer >= ${min}` : `must be an integer between ${min} and ${max}`,
      })
      return fallback
    }
    return value
  }
  const limit = int('limit', 10, 1, 50)
  const offset = int('offset', 1, 1, Infinity)
  const orderBy = one('orderBy') ?? 'desc'
  if (orderBy !== 'asc' && orderBy !== 'desc')
    fields.push({ field: 'orderBy', message: 'must be asc or desc' })
  if (fields.length > 0) throw invalid(fields)
  return { limit, offset, orderBy: orderBy as 'asc' | 'desc' }
}

/** One page of items sorted by creation time, with FastPix's `pagination` block (offsetCount = pages). */
export function paginate<T>(items: readonly T[], createdAt: (item: T) => number, q: PageQuery) {
  const sorted = [...items].sort((a, b) => (q.orderBy === 'asc' ? 1 : -1) * (createdAt(a) - createdAt(b)))
  const start = (q.offset - 1) * q.limit
  return {
    data: sorted.slice(start, start + q.limit),
    pagination: {
      totalRecords: sorted.length,
      currentOffset: q.offset,
      offsetCount: Math.ceil(sorted.length / q.limit),
    },
  }
}
