import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { paddedMp4 } from './media-files.ts'
import { asUser, createTestUser, TARGET, type TestUser } from './target.ts'

// Issue 13 §2 on PeerTube, which keeps no metadata of ours: this machine's record recognises a renamed copy
// and survives a cleared queue; a second machine finds the video among the user's own by original file
// name, size and duration (GET /videos/{id}/source), a renamed copy by size and duration; --force uploads.

let user: TestUser
let root: string

const addAccount = async (home: string): Promise<NodeJS.ProcessEnv> => {
  const env = { SPOOL_HOME: home, PATH: process.env.PATH }
  const added = await runCli(
    ['account', 'add', 'pt', '--provider', 'peertube', '--api-url', TARGET.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  expect(added.status, added.stderr).toBe(0)
  return env
}

beforeAll(async () => {
  user = await createTestUser()
  root = mkdtempSync(join(tmpdir(), 'spool-pt-dupes-'))
})

type Line = { type?: string; path?: string; match?: string; copy?: { mediaId: string | null; title: string } }
const duplicates = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => l.type === 'duplicate')
    .map((l) => [l.path!.slice(root.length + 1), l.match, l.copy?.title, l.copy?.mediaId])
    .sort()
const videoCount = async (): Promise<number> =>
  (await (await asUser(user)).library.listMyVideos({ start: 0, count: 50 })).total

describe(`duplicates by content on PeerTube (${TARGET.kind})`, () => {
  test('renamed copy, cleared queue, second machine: one video; --force makes a second', async () => {
    const card = join(root, 'card')
    const clip = paddedMp4(join(card, 'MVI_0001.mp4'), 40_000)
    const env = await addAccount(join(root, 'home'))

    const first = await runCli(['upload', card, '--account', 'pt', '--no-wait', '--json'], env)
    expect(first.status, first.stderr + first.stdout).toBe(0)
    expect(await videoCount()).toBe(1)
    const uuid = (await (await asUser(user)).library.listMyVideos({ start: 0, count: 1 })).raw[0]!.uuid

    mkdirSync(join(root, 'elsewhere'))
    const renamed = join(root, 'elsewhere', 'holiday.mp4')
    copyFileSync(clip, renamed)
    const copy = await runCli(['upload', renamed, '--account', 'pt', '--json'], env)
    expect(copy.status, copy.stderr).toBe(0)
    expect(duplicates(copy.stdout)).toEqual([['elsewhere/holiday.mp4', 'same-content', 'MVI_0001', uuid]])

    expect((await runCli(['queue', 'clear', '--done'], env)).status).toBe(0)
    const cleared = await runCli(['upload', card, '--account', 'pt', '--json'], env)
    expect(duplicates(cleared.stdout)).toEqual([['card/MVI_0001.mp4', 'same-file', 'MVI_0001', uuid]])

    // A second machine: nothing of ours on the video, found by name, size and duration.
    const other = await addAccount(join(root, 'home-2'))
    // The renamed copy alone first: its name says nothing, its size and duration do.
    const alone = await runCli(['upload', renamed, '--account', 'pt', '--json'], other)
    expect(alone.status, alone.stderr).toBe(0)
    expect(duplicates(alone.stdout)).toEqual([['elsewhere/holiday.mp4', 'library', 'MVI_0001', uuid]])
    const second = await runCli(['upload', card, '--account', 'pt', '--json'], other)
    expect(second.status, second.stderr).toBe(0)
    expect(duplicates(second.stdout)).toEqual([['card/MVI_0001.mp4', 'library', 'MVI_0001', uuid]])
    expect(await videoCount()).toBe(1)

    const forced = await runCli(
      ['upload', '--force', renamed, '--account', 'pt', '--no-wait', '--json'],
      other,
    )
    expect(forced.status, forced.stderr).toBe(0)
    expect(duplicates(forced.stdout)).toEqual([])
    expect(await videoCount()).toBe(2)
  }, 180_000)
})
