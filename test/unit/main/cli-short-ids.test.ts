import { describe, expect, test } from 'vitest'
import { AppFailure } from '../../../common/ipc/result.ts'
import { resolveMediaIdArg, resolveUploadIdArg, wholeIdsOf } from '../../../main/cli/ids.ts'

const A = '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f'
const B = '3f2c7b1e-0000-4c2b-9e6f-1a2b3c4d5e6f'
const C = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
/** About one UUID in 43 starts with eight digits, which is also the shape of a PeerTube number. */
const D = '62124845-3a1b-4c2d-8e9f-0a1b2c3d4e5f'

function lookup(ids: string[], afterRefresh: string[] = ids, kind: 'fastpix' | 'peertube' = 'fastpix') {
  let current = ids
  let refreshes = 0
  return {
    prefixed: (p: string) => current.filter((id) => id.startsWith(p)),
    refresh: () => {
      refreshes += 1
      current = afterRefresh
      return Promise.resolve()
    },
    refreshes: () => refreshes,
    whole: wholeIdsOf(kind),
  }
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (caught) {
    return caught instanceof AppFailure ? `${caught.appError.code}: ${caught.appError.message}` : 'other'
  }
  return 'none'
}

describe('short ids, like git (issue 14 §6)', () => {
  test('a whole id is taken as it is, without a lookup', async () => {
    const l = lookup([])
    expect(await resolveMediaIdArg(C, l)).toBe(C)
    expect(l.refreshes()).toBe(0)
  })

  test('an unambiguous prefix resolves; a miss refreshes the cache once', async () => {
    expect(await resolveMediaIdArg('9a8b7c6d', lookup([A, C]))).toBe(C)
    const stale = lookup([A], [A, C])
    expect(await resolveMediaIdArg('9a8b', stale)).toBe(C)
    expect(stale.refreshes()).toBe(1)
  })

  test('an ambiguous prefix names the matches; an unknown one says so', async () => {
    const ambiguous = await code(() => resolveMediaIdArg('3f2c7b1e', lookup([A, B, C])))
    expect(ambiguous).toMatch(/^input\/invalid: "3f2c7b1e" is ambiguous: it starts 2 media ids/)
    expect(ambiguous).toContain(A)
    expect(ambiguous).toContain(B)
    expect(ambiguous).not.toContain(C)
    expect(await code(() => resolveMediaIdArg('abcd', lookup([A])))).toMatch(
      /api\/not-found: No media id starts/,
    )
    expect(await code(() => resolveMediaIdArg('ab', lookup([A])))).toMatch(/input\/invalid/)
  })

  test('upload ids resolve against the waiting uploads', () => {
    expect(resolveUploadIdArg('9a8b', [A, C], wholeIdsOf('fastpix'))).toBe(C)
    expect(() => resolveUploadIdArg('3f2c', [A, B], wholeIdsOf('fastpix'))).toThrow(/ambiguous/)
  })

  // Seen in CI: `queue list` showed 62124845 and `media get 62124845` sent it to FastPix as a whole id.
  test('a prefix made only of digits is a prefix, on FastPix and on PeerTube alike', async () => {
    expect(await resolveMediaIdArg('62124845', lookup([A, D]))).toBe(D)
    const fresh = lookup([], [A, D])
    expect(await resolveMediaIdArg('62124845', fresh)).toBe(D)
    expect(fresh.refreshes()).toBe(1)
    expect(await resolveMediaIdArg('62124845', lookup([A, D], [A, D], 'peertube'))).toBe(D)
    expect(resolveUploadIdArg('6212', [A, D], wholeIdsOf('fastpix'))).toBe(D)
    expect(resolveUploadIdArg('6212', [A, D], wholeIdsOf('peertube'))).toBe(D)
  })

  test('digits no id starts with: not found on FastPix, a PeerTube number on PeerTube', async () => {
    expect(await code(() => resolveMediaIdArg('62124845', lookup([A])))).toMatch(
      /^api\/not-found: No media id starts with "62124845"/,
    )
    expect(await resolveMediaIdArg('4242', lookup([A], [A], 'peertube'))).toBe('4242')
    expect(() => resolveUploadIdArg('6212', [A], wholeIdsOf('fastpix'))).toThrow(/No upload id starts/)
    expect(resolveUploadIdArg('6212', [A], wholeIdsOf('peertube'))).toBe('6212')
  })
})
