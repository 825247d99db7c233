import { describe, expect, test } from 'vitest'
import { createSpoolApi, type SpoolTransport } from '../../../preload/api.ts'
import { watchTrustedDrops, type DropTarget } from '../../../preload/drop-grants.ts'

type Listener = Parameters<DropTarget['addEventListener']>[1]

function setUp() {
  const calls: Array<[string, unknown]> = []
  const transport: SpoolTransport = {
    invoke: (channel, payload) => {
      calls.push([channel, payload])
      return Promise.resolve({ ok: true, value: null })
    },
    on: () => () => {},
  }
  let listener: Listener | null = null
  const target: DropTarget = { addEventListener: (_type, l) => void (listener = l) }
  const paths = new Map<object, string>()
  const drops = watchTrustedDrops(target, transport, (f) => paths.get(f) ?? '')
  const api = createSpoolApi(transport, { pathForFile: drops.pathFor, dropsSettled: drops.settled })
  const drop = (isTrusted: boolean, files: object[]): void =>
    listener!({ isTrusted, dataTransfer: { files } })
  return { calls, api, drop, paths }
}

const settings = { accessPolicy: 'public', metadata: {} } as const

describe('drops grant paths only when the user made them (issue 14 §2)', () => {
  test('a trusted drop tells main its paths before the enqueue', async () => {
    const { calls, api, drop, paths } = setUp()
    const file = { name: 'a.mp4' }
    paths.set(file, '/home/me/Shoot/a.mp4')
    drop(true, [file])
    await api.uploads.enqueueFiles([file], settings)
    expect(calls).toEqual([
      ['uploads:grant-dropped', { paths: ['/home/me/Shoot/a.mp4'] }],
      ['uploads:enqueue', { paths: ['/home/me/Shoot/a.mp4'], settings }],
    ])
  })

  test('a drop dispatched by page script grants nothing, and its files cannot be enqueued', async () => {
    const { calls, api, drop, paths } = setUp()
    const file = { name: 'passwd' }
    paths.set(file, '/etc/passwd')
    drop(false, [file])
    const result = await api.uploads.enqueueFiles([file], settings)
    expect(result).toMatchObject({ ok: false, error: { code: 'input/invalid' } })
    expect(calls).toEqual([])
  })

  test('the facade has no function that takes a path', () => {
    const { api } = setUp()
    expect(Object.keys(api.uploads)).not.toContain('enqueue')
    expect(JSON.stringify(Object.keys(api.uploads))).not.toMatch(/grant/i)
  })
})
