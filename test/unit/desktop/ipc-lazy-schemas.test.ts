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

describe("the contract's schemas are built on first use (B6: the preload runs before the page can parse)", () => {
  test('loading the contract and building the facade builds none, nor does subscribing to events', () => {
    const api = createSpoolApi({ invoke: () => Promise.resolve(null), on: () => () => {} })
    api.uploads.onChanged(() => {})
    api.uploads.onProgress(() => {})
    api.app.onCommand(() => {})
    expect(zod.built).toBe(0)
  })

  test("a call builds its own channel's schemas once, and no other channel's", async () => {
    const api = createSpoolApi({
      invoke: () => Promise.resolve({ ok: true, value: jobs }),
      on: () => () => {},
    })
    expect(await api.uploads.list(200)).toEqual({ ok: true, value: jobs })
    const afterFirstCall = zod.built
    expect(afterFirstCall).toBeGreaterThan(0)

    expect(await api.uploads.list(200)).toEqual({ ok: true, value: jobs })
    expect(zod.built).toBe(afterFirstCall)

    // Main's dispatcher reads a request schema the same way, building it then.
    const table = { 'library:get': () => null } as unknown as HandlerTable
    expect(await dispatch(table, 'library:get', { id: '../etc' })).toMatchObject({
      ok: false,
      error: { code: 'ipc/invalid-payload' },
    })
    expect(zod.built).toBeGreaterThan(afterFirstCall)
    expect(INVOKES['library:get'].request.safeParse({ id: '42' }).success).toBe(true)
  })
})
