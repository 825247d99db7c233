import { describe, expect, test } from 'vitest'
import { pageAll } from '../../../main/library/page-all.ts'
import type { RemotePage } from '../../../main/providers/provider.ts'

type Item = { id: string }

/** A fake offset-paginated server over a mutable list (newest first), like GET /on-demand. */
function server(list: Item[], onPage?: (page: number) => void) {
  return (page: number, limit: number): Promise<RemotePage<Item>> => {
    onPage?.(page)
    const items = list.slice((page - 1) * limit, page * limit)
    return Promise.resolve({ items, totalRecords: list.length, pageCount: Math.ceil(list.length / limit) })
  }
}

const ids = (n: number, prefix = 'm'): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }))

describe('pageAll', () => {
  test('pages every page and dedupes by id', async () => {
    const result = await pageAll(server(ids(123)), { limit: 50 })
    expect(result.items).toHaveLength(123)
    expect(new Set(result.items.map((i) => i.id)).size).toBe(123)
    expect(result.passes).toBe(1)
  })

  test('an empty library is one call', async () => {
    let calls = 0
    const result = await pageAll(
      server([], () => (calls += 1)),
      { limit: 50 },
    )
    expect(result.items).toEqual([])
    expect(calls).toBe(1)
  })

  test('items created while paging shift pages: duplicates removed, nothing lost', async () => {
    const list = ids(120)
    let created = 0
    const result = await pageAll(
      server(list, (page) => {
        if (page === 2 && created < 5) {
          list.unshift(...ids(5, `new${created}-`))
          created += 5
        }
      }),
      { limit: 50, concurrency: 1 },
    )
    const got = new Set(result.items.map((i) => i.id))
    for (const item of list) expect(got.has(item.id)).toBe(true)
    expect(result.items).toHaveLength(list.length)
    expect(result.passes).toBeGreaterThan(1)
  })

  test('items deleted while paging: a rescan finds the ones that slid onto earlier pages', async () => {
    const list = ids(150)
    let deleted = false
    const result = await pageAll(
      server(list, (page) => {
        if (page === 2 && !deleted) {
          list.splice(0, 10)
          deleted = true
        }
      }),
      { limit: 50, concurrency: 1 },
    )
    expect(result.items.map((i) => i.id).sort()).toEqual(list.map((i) => i.id).sort())
  })
})
