/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON under test: assertions check them, not types */
import { describe, expect, it } from 'vitest'
import { startTestSandbox } from './harness.ts'

describe('sandbox list pagination', () => {
  it('pagination: 1-based page offset, limit ≤ 50, orderBy, totals', async () => {
    const fresh = await startTestSandbox()
    try {
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        ids.push((await fresh.createUpload()).uploadId)
        await new Promise((r) => setTimeout(r, 3))
      }
      const p1 = await fresh.api('GET', '/on-demand/uploads?limit=2&offset=1&orderBy=asc')
      expect(p1.body.pagination).toEqual({ totalRecords: 3, currentOffset: 1, offsetCount: 2 })
      expect(p1.body.data.map((u: { uploadId: string }) => u.uploadId)).toEqual(ids.slice(0, 2))
      const p2 = await fresh.api('GET', '/on-demand/uploads?limit=2&offset=2&orderBy=asc')
      expect(p2.body.data.map((u: { uploadId: string }) => u.uploadId)).toEqual(ids.slice(2))
      const desc = await fresh.api('GET', '/on-demand/uploads?limit=1')
      expect(desc.body.data[0].uploadId).toBe(ids[2])
      const empty = await fresh.api('GET', '/on-demand')
      expect(empty.body).toEqual({
        success: true,
        data: [],
        pagination: { totalRecords: 0, currentOffset: 1, offsetCount: 0 },
      })
      for (const q of ['limit=51', 'limit=0', 'offset=0', 'limit=abc', 'orderBy=up'])
        expect((await fresh.api('GET', `/on-demand?${q}`)).status).toBe(422)
    } finally {
      await fresh.close()
    }
  })
})
