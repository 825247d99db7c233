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
