import { expect, test } from 'vitest'
import { commandsFor, main } from '../../../main/cli/main.ts'

// `spool --version` answers without loading any command (the upload engine, the library stack, the sandbox);
// a named command loads only itself; help and anything unknown load them all, so commander can list them.
test('the command modules each argv loads', () => {
  expect(commandsFor(['--version'])).toEqual([])
  expect(commandsFor(['-V'])).toEqual([])
  expect(commandsFor(['upload', 'a.mp4'])).toEqual(['upload'])
  expect(commandsFor(['--json', 'queue', 'list'])).toEqual(['queue'])
  const all = commandsFor([])
  expect(all).toContain('upload')
  expect(all).toContain('sandbox')
  expect(commandsFor(['--help'])).toEqual(all)
  expect(commandsFor(['--version', '--help'])).toEqual(all)
  expect(commandsFor(['uplaod'])).toEqual(all)
})

test('spool --version prints the version and exits 0', async () => {
  let out = ''
  const stdout = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream
  await expect(main(['--version'], { stdout })).resolves.toBe(0)
  expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
})
