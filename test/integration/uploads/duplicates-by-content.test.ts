import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { cliEnv, runCli } from './cli-harness.ts'
import { remoteMedia, tempDir, writeMp4 } from './harness.ts'

// Issue 13 §2 against the FastPix sandbox, through the CLI: duplicates are judged by content per
// destination, from this machine's record and from the library, so neither a cleared queue, a renamed copy
// nor a second machine uploads the same video twice; --force does.

let dir: string
let sb: SandboxProcess

beforeAll(async () => {
  dir = tempDir('spool-dupes-')
  sb = await spawnSandbox(['--data', join(dir, 'sandbox'), '--ready-after', '50'])
})
afterAll(async () => {
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Line = { type: string; path?: string; match?: string; copy?: { mediaId: string | null; title: string } }
const jsonLines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
const duplicatesIn = (stdout: string) =>
  jsonLines(stdout)
    .filter((l) => l.type === 'duplicate')
    .map((l) => [l.path!.slice(dir.length + 1), l.match, l.copy?.mediaId ?? null, l.copy?.title])
    .sort()

test('a renamed copy, a cleared queue and a second machine upload nothing twice; --force does', async () => {
  const card = join(dir, 'card')
  mkdirSync(card)
  writeMp4(join(card, 'A001.mp4'), 300_000)
  writeMp4(join(card, 'A002.mp4'), 200_000)
  const home = join(dir, 'home')
  const env = cliEnv(home, sb.info)

  const first = await runCli(['upload', card, '--no-wait', '--json'], env)
  expect(first.code, first.stderr).toBe(0)
  const media = await remoteMedia(sb.info)
  expect(media).toHaveLength(2)
  // The fingerprint is on each media, inside Spool's one metadata key, beside the folder.
  const spool = media.map((m) => readSpoolMetadata(m.metadata))
  expect(spool.every((s) => /^1\.[0-9a-z]+\.[0-9a-f]{16}$/.test(s.fingerprint ?? ''))).toBe(true)
  expect(spool.map((s) => s.folder)).toEqual(['card', 'card'])
  const idOf = new Map(
    media.map((m) => [m.metadata.spool && readSpoolMetadata(m.metadata).fingerprint, m.id]),
  )

  // A renamed copy, dropped on its own: recognised by its content, named by the existing copy.
  const elsewhere = join(dir, 'elsewhere')
  mkdirSync(elsewhere)
  copyFileSync(join(card, 'A001.mp4'), join(elsewhere, 'renamed.mp4'))
  const renamed = await runCli(['upload', join(elsewhere, 'renamed.mp4')], env)
  expect(renamed.code, renamed.stderr).toBe(0)
  expect(renamed.stdout).toMatch(
    /duplicate {11}.*renamed\.mp4 — already on env as media \S+ "A001" \(the same content under another name, job \w{8} done\); --force uploads it again/,
  )

  // The queue is cleared: the record of what went where is not.
  expect((await runCli(['queue', 'clear', '--done'], env)).code).toBe(0)
  const cleared = await runCli(['upload', card, '--json'], env)
  expect(cleared.code, cleared.stderr).toBe(0)
  const a001 = [...idOf.values()]
  expect(duplicatesIn(cleared.stdout).map((d) => d.slice(0, 2))).toEqual([
    ['card/A001.mp4', 'same-file'],
    ['card/A002.mp4', 'same-file'],
  ])
  expect(a001).toContain(duplicatesIn(cleared.stdout)[0]![2])

  // A second machine (a fresh home) finds both in the library by their fingerprints, the copy too.
  const other = cliEnv(join(dir, 'home-2'), sb.info)
  const second = await runCli(['upload', card, elsewhere, '--json'], other)
  expect(second.code, second.stderr).toBe(0)
  const found = duplicatesIn(second.stdout)
  expect(found.map((d) => [d[0], d[1], d[3]])).toEqual([
    ['card/A001.mp4', 'library', 'A001'],
    ['card/A002.mp4', 'library', 'A002'],
    ['elsewhere/renamed.mp4', 'library', 'A001'],
  ])
  expect((await remoteMedia(sb.info)).length).toBe(2)

  // --force uploads anyway.
  const forced = await runCli(['upload', '--force', join(elsewhere, 'renamed.mp4'), '--no-wait'], other)
  expect(forced.code, forced.stderr).toBe(0)
  expect(forced.stdout).not.toMatch(/duplicate/)
  expect((await remoteMedia(sb.info)).length).toBe(3)
}, 120_000)
