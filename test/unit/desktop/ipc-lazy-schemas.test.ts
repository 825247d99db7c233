import { describe, expect, test, vi } from 'vitest'
import type * as Zod from 'zod'
import { INVOKES } from '../../../common/ipc/contract.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import type { HandlerTable } from '../../../main/ipc/handlers.ts'
import { createSpoolApi } from '../../../preload/api.ts'
import { fakeJob } from '../../fakes/fake-api.ts'

// Counts every zod schema made through `z`, from before the contract's modules are loaded (vi.mock is
// hoisted above the imports).
const zod = vi.hoisted(() => ({ built: 0 }))
vi.mock('zod', async (importOriginal) => {
  const actual = await importOriginal<typeof Zod>()
  const counting = (make: (...args: unknown[]) => unknown) => {
    return (...args: unknown[]) => {
      const made = make(...args)
      if (typeof made === 'object' && made !== null && '_zod' in made) zod.built++
      return made
    }
  }
  const z = Object.fromEntries(
    Object.entries(actual.z).map(([name, value]) => [
      name,
      typeof value === 'function' && /^[a-z]/.test(name) ? counting(value as never) : value,
    ]),
  )
  return { ...actual, z }
})

const jobs = [fakeJob(1), fakeJob(2)]
const answers = {
  'uploads:list': () => Promise.resolve(jobs),
  'library:get': () => Promise.resolve(null),
} as unknown as HandlerTable

describe("the contract's schemas are built on first use, in main (B6: the window's preload has none)", () => {
  test('the facade builds none: not when it is made, not on subscribing, not on a call', async () => {
    const api = createSpoolApi({
      invoke: () => Promise.resolve({ ok: true, value: jobs }),
      on: () => () => {},
    })
    api.uploads.onChanged(() => {})
    api.uploads.onProgress(() => {})
    api.app.onCommand(() => {})
    expect(await api.uploads.list(50)).toEqual({ ok: true, value: jobs })
    expect(zod.built).toBe(0)
  })

  test("main's dispatcher builds a channel's schemas once, on its first request, and no other channel's", async () => {
    expect(await dispatch(answers, 'uploads:list', { last: 50 })).toEqual({ ok: true, value: jobs })
    const afterFirstCall = zod.built
    expect(afterFirstCall).toBeGreaterThan(0)

    expect(await dispatch(answers, 'uploads:list', null)).toEqual({ ok: true, value: jobs })
    expect(zod.built).toBe(afterFirstCall)

    expect(await dispatch(answers, 'library:get', { id: '../etc' })).toMatchObject({
      ok: false,
      error: { code: 'ipc/invalid-payload' },
    })
    expect(zod.built).toBeGreaterThan(afterFirstCall)
    expect(INVOKES['library:get'].request.safeParse({ id: '42' }).success).toBe(true)
  })
})
