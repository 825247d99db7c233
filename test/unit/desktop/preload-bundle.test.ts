import { resolve } from 'node:path'
import { expect, test } from 'vitest'
import { build, type Rolldown } from 'vite'

// The preload is evaluated on the window's main thread before the page can parse (B6). It checks no schema
// (main does, main/ipc/), so nothing of zod may be bundled into it: an import of a module that builds schemas,
// even a type-only one written as a value import, would pull all of zod back in.
test('the preload bundle holds no zod and no schema module of the contract', async () => {
  const root = resolve(import.meta.dirname, '../../..')
  const built = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      lib: { entry: resolve(root, 'preload/index.ts'), formats: ['cjs'], fileName: 'index' },
      rolldownOptions: { external: ['electron'] },
    },
  })
  const output = (Array.isArray(built) ? built[0]! : built) as Rolldown.RolldownOutput
  const chunk = output.output.find((o): o is Rolldown.OutputChunk => o.type === 'chunk')!
  const modules = Object.keys(chunk.modules).map((id) => id.replace(root, ''))
  expect(modules).toContain('/preload/api.ts')
  expect(modules).toContain('/common/ipc/facade.ts')
  expect(
    modules.filter((id) =>
      /node_modules\/zod\/|reply-schemas|manifest-schemas|ipc\/schemas|ipc\/contract/.test(id),
    ),
  ).toEqual([])
  expect(chunk.code).not.toMatch(/ZodError|_zod/)
}, 60_000)
