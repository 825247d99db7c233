import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import type { ManifestRow } from '../../common/domain/manifest.ts'
import { formatManifest, parseManifest } from '../../main/manifest/csv.ts'
import { apiUrl } from '../../main/providers/peertube/routes.ts'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { shootFolder } from '../integration/manifest/folder.ts'
import { prepareHome } from '../integration/manifest/harness.ts'
import { readJobs, spawnCli, until } from '../integration/uploads/cli-harness.ts'
import { asUser, createTestUser, TARGET, type TestUser } from './target.ts'

// Issue 15 against PeerTube (the sandbox in npm test, a real 6.3.2 in npm run test:peertube): a folder of
// 6 videos with captions and a poster through a manifest edited by the test (titles, tags, a row removed,
// a privacy changed, one video scheduled), killed mid-batch and finished by `spool queue run`. Every video
// has its row's settings and captions, the scheduled one is private with the instance's scheduled update
// (real server), and the CSV holds status, media id and URL for every row.

let user: TestUser
let env: NodeJS.ProcessEnv
const root = mkdtempSync(join(tmpdir(), 'spool-pt-manifest-'))
const manifest = join(root, 'batch.csv')
const AT = '2099-01-02T03:04:05.000Z'

beforeAll(async () => {
  user = await createTestUser()
  const home = join(root, 'home')
  env = { SPOOL_HOME: home, PATH: process.env.PATH }
  prepareHome(home)
  const added = await runCli(['account', 'add', 'pt', '--provider', 'peertube', '--api-url', TARGET.url, '--username', user.username], env, `${user.password}\n`) // prettier-ignore
  expect(added.status, added.stderr).toBe(0)
  shootFolder(join(root, 'Shoot'), 6)
}, 120_000)

const RawSchema = z.object({
  name: z.string(),
  tags: z.array(z.string()),
  privacy: z.object({ id: z.number() }),
  channel: z.object({ name: z.string() }),
  language: z.object({ id: z.string().nullable() }),
  scheduledUpdate: z.object({ updateAt: z.string(), privacy: z.number() }).nullish(),
})
type Raw = z.output<typeof RawSchema>

describe(`a manifest to PeerTube (${TARGET.kind})`, () => {
  test('init, edit, upload, kill -9, queue run: every video as its row says, captions, schedule, CSV', async () => {
    const init = await runCli(['manifest', 'init', join(root, 'Shoot'), '-o', manifest, '--account', 'pt', '--channel', user.channel], env) // prettier-ignore
    expect(init.status, init.stderr).toBe(0)
    const table = parseManifest(readFileSync(manifest, 'utf8'))
    const edited: ManifestRow[] = table.rows
      .map((r) => r.row)
      .filter((r) => !r.path.endsWith('clip-4.mp4'))
      .map((r, i) => ({
        ...r,
        title: `Manifest take ${i + 1}`,
        tags: i === 0 ? 'spool; manifest' : 'spool',
        privacy: i === 1 ? 'unlisted' : r.privacy,
        language: i === 0 ? 'fr' : '',
        publish_at: i === 2 ? AT : '',
      }))
    writeFileSync(manifest, formatManifest(edited, table.header))

    const child = spawnCli(['upload', '--manifest', manifest, '--concurrency', '1', '--json'], {
      ...process.env,
      ...env,
    })
    await until(
      () => readJobs(env.SPOOL_HOME!).some((j) => j.state === 'done'),
      120_000,
      'a first video done',
    )
    child.child.kill('SIGKILL')
    await child.exit
    expect(readJobs(env.SPOOL_HOME!).filter((j) => j.state !== 'done').length).toBeGreaterThan(0)
    const run = await runCli(['queue', 'run', '--json'], env)
    expect(run.status, run.stderr + run.stdout).toBe(0)

    const rows = parseManifest(readFileSync(manifest, 'utf8')).rows.map((r) => r.row)
    expect(rows.map((r) => r.path)).toEqual([1, 2, 3, 5, 6].map((i) => `Shoot/clip-${i}.mp4`))
    for (const r of rows) {
      expect([r.status, r.error, r.destination], r.path).toEqual(['done', '', 'pt'])
      expect(r.url).toContain(r.media_id)
    }
    const { client, library } = await asUser(user)
    const raw = (id: string): Promise<Raw> =>
      client.json('GET', apiUrl(TARGET.url, ['videos', id]), RawSchema)
    for (const [i, r] of rows.entries()) {
      const video = await raw(r.media_id)
      expect([video.name, [...video.tags].sort(), video.channel.name], r.path).toEqual([
        r.title,
        r.tags
          .split(';')
          .map((t) => t.trim())
          .sort(),
        user.channel,
      ])
      expect(video.privacy.id, r.path).toBe(i === 1 ? 2 : i === 2 ? 3 : 1)
      if (i === 0) expect(video.language.id).toBe('fr')
      if (i === 2 && TARGET.kind === 'real')
        expect(video.scheduledUpdate).toMatchObject({ updateAt: AT, privacy: 1 })
    }
    // Every video of the user with its captions, read once: the assertions read from it, and a failure's
    // message shows all of it (where a missing caption went, if it went anywhere).
    const listing = await library.listMyVideos({ start: 0, count: 50 })
    const captions = new Map<string, ReadonlyArray<string>>(
      await Promise.all(
        listing.items.map(
          async (v) =>
            [v.id, (await library.listCaptions(v.id)).map((t) => t.languageCode ?? '').sort()] as const,
        ),
      ),
    )
    const seen = JSON.stringify(listing.items.map((v) => [v.id, v.title, captions.get(v.id)]))
    expect(captions.get(rows[0]!.media_id), seen).toEqual(['en', 'pt'])
    expect(captions.get(rows[1]!.media_id), seen).toEqual(['en'])
    expect(captions.get(rows[3]!.media_id), seen).toEqual([])
    expect(listing.total, seen).toBe(5)
  }, 600_000)
})
