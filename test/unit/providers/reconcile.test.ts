import { describe, expect, test } from 'vitest'
import { AppFailure, appError } from '../../../common/ipc/result.ts'
import { createWithReconcile } from '../../../main/providers/fastpix/reconcile.ts'

const timeout = () => new AppFailure(appError('network/timeout', 'timed out'))

describe('createWithReconcile', () => {
  test('an ambiguous failure where the server did create: found by client id, not posted again', async () => {
    const created: string[] = []
    let posts = 0
    const result = await createWithReconcile({
      clientId: 'c1',
      delayMs: () => 0,
      post: () => {
        posts += 1
        created.push('c1')
        return Promise.reject(timeout())
      },
      findByClientId: (id) => Promise.resolve(created.includes(id) ? { id: 'media-1' } : null),
    })
    expect(result).toEqual({ id: 'media-1' })
    expect(posts).toBe(1)
  })

  test('an ambiguous failure where the server did not create: posted again once', async () => {
    let posts = 0
    const result = await createWithReconcile({
      clientId: 'c1',
      delayMs: () => 0,
      post: () => {
        posts += 1
        return posts === 1 ? Promise.reject(timeout()) : Promise.resolve({ id: 'media-2' })
      },
      findByClientId: () => Promise.resolve(null),
    })
    expect(result).toEqual({ id: 'media-2' })
    expect(posts).toBe(2)
  })

  test('a definite refusal (422) is thrown at once', async () => {
    let posts = 0
    await expect(
      createWithReconcile({
        clientId: 'c1',
        delayMs: () => 0,
        post: () => {
          posts += 1
          return Promise.reject(new AppFailure(appError('api/validation', 'bad')))
        },
        findByClientId: () => Promise.resolve(null),
      }),
    ).rejects.toThrow('bad')
    expect(posts).toBe(1)
  })
})

describe('a connection reset after the create was sent (regression: it used to count as "offline")', () => {
  test('ECONNRESET once the request is written leads to reconciliation, not a second blind create', async () => {
    const { createServer } = await import('node:http')
    const { createApiClient } = await import('../../../main/http/client.ts')
    const { z } = await import('zod')
    const created: string[] = []
    let posts = 0
    // The server reads the whole create, performs it, then drops the connection before answering.
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        posts += 1
        created.push((JSON.parse(body) as { clientId: string }).clientId)
        res.socket?.destroy()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const client = createApiClient({
      apiUrl: `http://127.0.0.1:${port}/v1`,
      credentials: () => Promise.resolve({ tokenId: 't', secretKey: 's' }),
    })
    const codes: string[] = []
    let lookups = 0
    try {
      const result = await createWithReconcile({
        clientId: 'c-reset',
        delayMs: () => 0,
        post: async () => {
          try {
            return await client.json('POST', 'things', z.object({ id: z.string() }), {
              body: { clientId: 'c-reset' },
            })
          } catch (caught) {
            codes.push((caught as AppFailure).appError.code)
            throw caught
          }
        },
        findByClientId: (id) => {
          lookups += 1
          return Promise.resolve(created.includes(id) ? { id: 'thing-1' } : null)
        },
      })
      expect(result).toEqual({ id: 'thing-1' })
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
    expect(codes).toEqual(['network/reset'])
    expect(lookups).toBe(1)
    expect(posts).toBe(1)
    expect(created).toEqual(['c-reset'])
  })

  test('an offline failure (nothing sent) is simply posted again, without a lookup', async () => {
    let posts = 0
    let lookups = 0
    const result = await createWithReconcile({
      clientId: 'c2',
      delayMs: () => 0,
      post: () => {
        posts += 1
        return posts === 1
          ? Promise.reject(new AppFailure(appError('network/offline', 'no route', { retryable: true })))
          : Promise.resolve({ id: 'x' })
      },
      findByClientId: () => {
        lookups += 1
        return Promise.resolve(null)
      },
    })
    expect(result).toEqual({ id: 'x' })
    expect([posts, lookups]).toEqual([2, 0])
  })
})
