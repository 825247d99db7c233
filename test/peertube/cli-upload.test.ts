import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { mediaFolder } from './media-files.ts'
import { asUser, createTestUser, signedIn, TARGET, type TestUser } from './target.ts'

// A folder uploaded from the CLI to a PeerTube account through the persistent queue, with channel and
// privacy set: every file becomes one video, with its settings, and the job ends when it is published.

let user: TestUser
let home: string
let env: NodeJS.ProcessEnv
const transcoding = process.env.PEERTUBE_TRANSCODING !== 'false'

beforeAll(async () => {
  user = await createTestUser()
  home = mkdtempSync(join(tmpdir(), 'spool-pt-upload-'))
  env = { SPOOL_HOME: home, PATH: process.env.PATH }
  const added = await runCli(
    ['account', 'add', 'pt', '--provider', 'peertube', '--api-url', TARGET.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  expect(added.status, added.stderr).toBe(0)
})

type Line = { type?: string; id?: string; state?: string; mediaId?: string; path?: string }

/**
 * Watches the user's videos on the server every 100 ms while `run` goes on, and returns the states each
 * video name went through, in order (repeats dropped): proof, from the server's side, of "To transcode".
 */
async function watchStates<T>(run: Promise<T>): Promise<{ result: T; states: Map<string, number[]> }> {
  const { library } = await asUser(user)
  const states = new Map<string, number[]>()
  let running = true
  const note = async (): Promise<void> => {
    const page = await library.listMyVideos({ start: 0, count: 50 })
    for (const v of page.raw) {
      const seen = states.get(v.name) ?? []
      const id = v.state?.id
      if (id !== undefined && seen.at(-1) !== id) seen.push(id)
      states.set(v.name, seen)
    }
  }
  const watcher = (async () => {
    while (running) {
      await note()
      await new Promise((r) => setTimeout(r, 100))
    }
    await note()
  })()
  try {
    return { result: await run, states }
  } finally {
    running = false
    await watcher
  }
}

describe(`spool upload to PeerTube (${TARGET.kind})`, () => {
  test('a folder of mixed media: one video per file, channel and privacy set, through "To transcode", done once published', async () => {
    const dir = join(home, 'Card-01')
    const files = mediaFolder(dir, transcoding)
    const { result: run, states } = await watchStates(
      runCli(
        [
          'upload',
          dir,
          '--account',
          'pt',
          '--channel',
          user.channel,
          '--privacy',
          'unlisted',
          '--tag',
          'spool',
          '--json',
        ],
        env,
      ),
    )
    expect(run.status, run.stderr + run.stdout).toBe(0)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line)
    const jobs = JSON.parse((await runCli(['queue', 'list', '--json'], env)).stdout) as Line[]
    expect(jobs).toHaveLength(files.length)
    expect(lines.length).toBeGreaterThan(0)
    expect(jobs.every((j) => j.state === 'done' && typeof j.mediaId === 'string')).toBe(true)

    const { library } = await signedIn(user.username, user.password)
    const page = await library.listMyVideos({ start: 0, count: 50 })
    expect(page.total).toBe(files.length)
    for (const file of files) {
      const title = basename(file).replace(/\.[^.]+$/, '')
      const matching = page.raw.filter((v) => v.name === title)
      expect(matching, title).toHaveLength(1)
      const video = matching[0]!
      expect(video.privacy.id).toBe(2) // Unlisted
      expect(video.channel?.name).toBe(user.channel)
      expect(video.state?.id).toBe(1) // Published: the job waited for it
      expect(jobs.map((j) => j.mediaId)).toContain(video.uuid)
      // The server's own states: 2 "To transcode" before 1 "Published" (transcoding on), else published at once.
      expect(states.get(title), title).toEqual(transcoding ? [2, 1] : [1])
      // Meanwhile Spool showed the job as processing, and done only after.
      const job = jobs.find((j) => j.mediaId === video.uuid)!
      const shown = lines.filter((l) => l.type === 'job' && l.id === job.id).map((l) => l.state)
      if (transcoding) expect(shown.indexOf('processing')).toBeGreaterThan(-1)
      expect(shown.at(-1)).toBe('done')
    }
  })

  test('the same folder again is not uploaded twice', async () => {
    const dir = join(home, 'Card-01')
    const again = await runCli(['upload', dir, '--account', 'pt', '--json'], env)
    expect(again.status).toBe(0)
    const lines = again.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line)
    expect(lines.filter((l) => l.type === 'duplicate').length).toBeGreaterThan(0)
    const { library } = await signedIn(user.username, user.password)
    expect((await library.listMyVideos({ start: 0, count: 50 })).total).toBe(transcoding ? 3 : 1)
  })
})
