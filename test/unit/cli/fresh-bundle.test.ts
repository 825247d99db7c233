import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { freshBundle as fresh } from '../../../bin/fresh-bundle.mjs'

let root: string
const source = (): string => join(root, 'main', 'a.ts')

/** A repository with one source file and a bundle built from it. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'spool-bundle-'))
  mkdirSync(join(root, 'main'))
  mkdirSync(join(root, 'out', 'cli'), { recursive: true })
  writeFileSync(source(), 'export const a = 1\n')
  writeFileSync(join(root, 'out', 'cli', 'spool.mjs'), '')
  const s = statSync(source())
  writeInputs([['main/a.ts', s.mtimeMs, s.size]])
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const writeInputs = (inputs: unknown): void =>
  writeFileSync(join(root, 'out', 'cli', 'inputs.json'), JSON.stringify(inputs))

test('the bundle runs while every source it was built from is unchanged', () => {
  expect(fresh(root, {})).toBe(`file://${join(root, 'out', 'cli', 'spool.mjs')}`)
})

test('an edited source (new time or new size), a deleted one or no build at all runs the sources', () => {
  const later = new Date(Date.now() + 60_000)
  utimesSync(source(), later, later)
  expect(fresh(root, {})).toBeNull()

  const s = statSync(source())
  writeInputs([['main/a.ts', s.mtimeMs, s.size + 1]])
  expect(fresh(root, {})).toBeNull()

  writeInputs([['main/gone.ts', s.mtimeMs, s.size]])
  expect(fresh(root, {})).toBeNull()

  rmSync(join(root, 'out'), { recursive: true })
  expect(fresh(root, {})).toBeNull()
})

test('a malformed record of the build runs the sources instead of failing', () => {
  for (const broken of ['not json', '[]', '{"a":1}', '[["main/a.ts"]]']) {
    writeFileSync(join(root, 'out', 'cli', 'inputs.json'), broken)
    expect(fresh(root, {}), broken).toBeNull()
  }
})

test('SPOOL_CLI_SOURCES=1 runs the sources even with a fresh bundle', () => {
  expect(fresh(root, { SPOOL_CLI_SOURCES: '1' })).toBeNull()
  expect(fresh(root, { SPOOL_CLI_SOURCES: '0' })).not.toBeNull()
})
