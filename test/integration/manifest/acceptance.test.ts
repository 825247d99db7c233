import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ManifestRow } from '../../../common/domain/manifest.ts'
import { formatManifest, parseManifest } from '../../../main/manifest/csv.ts'
import { runCli } from '../cli-library/run-cli.ts'
import { readJobs, spawnCli, until } from '../uploads/cli-harness.ts'
import { shootFolder } from './folder.ts'
import { serveFolder, twoDestinations, type TwoDestinations } from './harness.ts'

// Issue 15, acceptance: a folder of 6 videos with sidecars, through a manifest the test edits (titles, tags,
// one row removed, one privacy changed), to the FastPix sandbox and the PeerTube sandbox at once, killed
// with SIGKILL mid-batch and finished by `spool queue run`. The servers hold what every row says, PeerTube
// has the captions with their languages, FastPix fetched its tracks from the sidecar URL base, and the CSV
// holds status, media id and URL for every row.

let d: TwoDestinations
let served: Awaited<ReturnType<typeof serveFolder>>
const root = mkdtempSync(join(tmpdir(), 'spool-manifest-acc-'))
const manifest = join(root, 'batch.csv')
const readRows = (): ManifestRow[] => parseManifest(readFileSync(manifest, 'utf8')).rows.map((r) => r.row)

beforeAll(async () => {
  d = await twoDestinations(root)
  shootFolder(join(root, 'Shoot'), 6)
  served = await serveFolder(root)
  const base = await runCli(['account', 'update', 'fp', '--sidecar-url-base', served.url], d.env)
  expect(base.status, base.stderr).toBe(0)
}, 60_000)
afterAll(async () => {
  await served?.close()
  await d?.close()
})

type FpMedia = {
  id: string
  title?: string
  tracks?: Array<{ type: string; languageCode?: string }>
  metadata?: Record<string, string>
}
const fpGet = async (path: string): Promise<unknown> => {
  const auth = `Basic ${Buffer.from(`${d.fp.username}:${d.fp.password}`).toString('base64')}`
  const res = await fetch(`${d.fp.apiUrl}${path}`, { headers: { authorization: auth } })
  return ((await res.json()) as { data: unknown }).data
}
type PtVideo = { name: string; tags: string[]; privacy: { id: number }; channel: { name: string } }

describe('a manifest to FastPix and PeerTube at once', () => {
  test('init, edit, upload, kill -9 mid-batch, queue run: servers and CSV match every row', async () => {
    const init = await runCli(['manifest', 'init', join(root, 'Shoot'), '-o', manifest, '--account', 'fp', '--account', 'pt', '--tag', 'shoot'], d.env) // prettier-ignore
    expect(init.status, init.stderr).toBe(0)
    const table = parseManifest(readFileSync(manifest, 'utf8'))
    expect(table.rows).toHaveLength(6)
    const edited = table.rows
      .map((r) => r.row)
      .filter((r) => !r.path.endsWith('clip-6.mp4'))
      .map((r, i) => ({ ...r, title: `Take ${i + 1} — "été"`, tags: i === 0 ? 'shoot; first' : r.tags, privacy: i === 1 ? 'unlisted' : r.privacy })) // prettier-ignore
    writeFileSync(manifest, formatManifest(edited, table.header))
    const original = readFileSync(manifest, 'utf8')

    // Slow the FastPix side so the kill lands mid-batch.
    d.fp.setFaults('latency=400')
    const child = spawnCli(['upload', '--manifest', manifest, '--concurrency', '1', '--json'], {
      ...process.env,
      ...d.env,
    })
    await until(() => readJobs(d.home).some((j) => j.state === 'done'), 60_000, 'a first job done')
    child.child.kill('SIGKILL')
    await child.exit
    const atKill = readJobs(d.home)
    expect(atKill).toHaveLength(10)
    expect(atKill.filter((j) => j.state !== 'done').length).toBeGreaterThan(0) // really mid-batch
    d.fp.setFaults('')

    const run = await runCli(['queue', 'run', '--json'], d.env)
    expect(run.status, run.stderr).toBe(0)
    expect(readJobs(d.home).map((j) => j.state)).toEqual(Array(10).fill('done'))

    // The CSV: the user's original kept once, then one row per file and destination with its result.
    expect(readFileSync(`${manifest}.orig`, 'utf8')).toBe(original)
    const rows = readRows()
    expect(rows.map((r) => [r.path, r.destination])).toEqual(
      [1, 2, 3, 4, 5].flatMap((i) => [
        [`Shoot/clip-${i}.mp4`, 'fp'],
        [`Shoot/clip-${i}.mp4`, 'pt'],
      ]),
    )
    for (const r of rows) {
      expect([r.status, r.error], `${r.path} → ${r.destination}`).toEqual(['done', ''])
      expect(r.media_id).not.toBe('')
      expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    }

    // FastPix: one media per row, with its title; captions fetched from the sidecar URL base.
    for (const r of rows.filter((x) => x.destination === 'fp')) {
      const media = (await fpGet(`/on-demand/${r.media_id}`)) as FpMedia
      expect(media.title ?? media.metadata?.['title'], r.path).toBe(r.title)
    }
    const fpTracks = async (path: string): Promise<string[]> => {
      const id = rows.find((x) => x.path === path && x.destination === 'fp')!.media_id
      const media = (await fpGet(`/on-demand/${id}`)) as FpMedia
      return (media.tracks ?? [])
        .filter((t) => t.type === 'subtitle')
        .map((t) => t.languageCode ?? '')
        .sort()
    }
    expect(await fpTracks('Shoot/clip-1.mp4')).toEqual(['en', 'pt-BR'])
    expect(await fpTracks('Shoot/clip-2.mp4')).toEqual(['en'])
    expect(served.requests).toEqual(
      expect.arrayContaining(['/Shoot/clip-1.en.vtt', '/Shoot/clip-1.pt-BR.srt', '/Shoot/clip-2.vtt']),
    )

    // PeerTube: title, tags, privacy per row; captions with their languages (pt-BR is the instance's "pt").
    const pt = rows.filter((x) => x.destination === 'pt')
    for (const r of pt) {
      const video = (await d.pt.call('GET', `/api/v1/videos/${r.media_id}`, { token: d.user.token }))
        .body as PtVideo
      expect([video.name, [...video.tags].sort(), video.privacy.id], r.path).toEqual([
        r.title,
        r.tags
          .split(';')
          .map((t) => t.trim())
          .sort(),
        r.privacy === 'unlisted' ? 2 : 1,
      ])
      expect(r.url).toContain(r.media_id)
    }
    const captions = async (id: string): Promise<string[]> =>
      ((await d.pt.call('GET', `/api/v1/videos/${id}/captions`, { token: d.user.token })).body as { data: Array<{ language: { id: string } }> }).data.map((c) => c.language.id).sort() // prettier-ignore
    expect(await captions(pt[0]!.media_id)).toEqual(['en', 'pt'])
    expect(await captions(pt[1]!.media_id)).toEqual(['en'])
    expect(await captions(pt[2]!.media_id)).toEqual([])
    const mine = (await d.pt.call('GET', '/api/v1/users/me/videos?count=50', { token: d.user.token }))
      .body as { total: number }
    expect(mine.total).toBe(5) // the removed row was not uploaded
  }, 180_000)

  test('the same manifest again sends nothing: every row is done', async () => {
    const before = d.fp.stats().totals.putCount
    const again = await runCli(['upload', '--manifest', manifest, '--json'], d.env)
    expect(again.status, again.stderr).toBe(0)
    expect(d.fp.stats().totals.putCount).toBe(before)
    expect(readRows().every((r) => r.status === 'done')).toBe(true)
  }, 60_000)

  test('--dry-run prints the plan and creates nothing; its exit code is the real run’s', async () => {
    const fpBefore = d.fp.stats()
    const ptBefore = d.pt.sb.stats()
    const plan = await runCli(['upload', join(root, 'Shoot', 'clip-6.mp4'), '--account', 'fp', '--account', 'pt', '--title', '{folder} – {name} #{index}', '--dry-run'], d.env) // prettier-ignore
    expect(plan.status, plan.stderr).toBe(0)
    expect(plan.stdout).toContain('"Shoot – clip-6 #1" → fp; pt')
    expect(plan.stdout).toMatch(/quota "pt": ok/)
    expect(plan.stdout).toContain('nothing was sent')
    const dup = await runCli(
      ['upload', join(root, 'Shoot', 'clip-1.mp4'), '--account', 'pt', '--dry-run'],
      d.env,
    )
    expect(dup.stdout).toMatch(/duplicate on "pt" \(line 2\): done as media/)
    const scheduled = await runCli(['upload', join(root, 'Shoot', 'clip-6.mp4'), '--account', 'fp', '--publish-at', '2099-01-01T00:00:00Z', '--dry-run'], d.env) // prettier-ignore
    expect(scheduled.status).toBe(2)
    expect(scheduled.stderr).toContain('line 2: publish_at: FastPix has no scheduled publishing ("fp")')
    expect(d.fp.stats().totals.putCount).toBe(fpBefore.totals.putCount)
    expect(Object.keys(d.fp.stats().uploads)).toEqual(Object.keys(fpBefore.uploads))
    expect(Object.keys(d.pt.sb.stats().uploads)).toEqual(Object.keys(ptBefore.uploads))
    expect(d.pt.sb.stats().totals.putCount).toBe(ptBefore.totals.putCount)
    expect(existsSync(join(root, 'Shoot', 'clip-6.mp4'))).toBe(true)
  }, 60_000)

  test('a bad manifest is refused with every line, before anything is sent (exit 2)', async () => {
    const bad = join(root, 'bad.csv')
    writeFileSync(
      bad,
      'path,destination,privacy,channel\nShoot/clip-6.mp4,pt,secret,\nShoot/nope.mp4,fp,,\nShoot/clip-5.mp4,pt,,no_such_channel\n',
    )
    const before = d.fp.stats().totals.apiCalls
    const run = await runCli(['upload', '--manifest', bad], d.env)
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('line 2: privacy "secret" is not one of public, unlisted, private, internal')
    expect(run.stderr).toContain('line 3: the file "Shoot/nope.mp4" does not exist')
    expect(run.stderr).toMatch(/line 4: the PeerTube account "pt" has no channel "no_such_channel"/)
    expect(run.stderr).toContain('nothing was sent')
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(d.fp.stats().totals.apiCalls - before).toBeLessThan(3)
  }, 60_000)
})

describe('a file done on one destination and failed on the other', () => {
  test('the same manifest again sends it to the failed destination only', async () => {
    // The failure is simulated in the database and the CSV (a server refusal is what a user would see).
    const rows = readRows()
    const target = rows.find((r) => r.path === 'Shoot/clip-3.mp4' && r.destination === 'pt')!
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(join(d.home, 'spool.db'))
    const error = JSON.stringify({ code: 'upload/rejected', message: 'Refused by the server (simulated).' })
    const changed = db
      .prepare("UPDATE upload_jobs SET state = 'failed', error = ? WHERE account = 'pt' AND media_id = ?")
      .run(error, target.media_id)
    db.close()
    expect(changed.changes).toBe(1)
    writeFileSync(manifest, formatManifest(rows.map((r) => (r === target ? { ...r, status: 'failed', error: 'simulated' } : r)), parseManifest(readFileSync(manifest, 'utf8')).header)) // prettier-ignore
    const fpPuts = d.fp.stats().totals.putCount
    const fpUploads = Object.keys(d.fp.stats().uploads).length
    const run = await runCli(['upload', '--manifest', manifest, '--json'], d.env)
    expect(run.status, run.stderr).toBe(0)
    const jobLines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; path?: string })
      .filter((l) => l.type === 'job')
    expect(new Set(jobLines.map((l) => l.path))).toEqual(new Set([join(root, 'Shoot', 'clip-3.mp4')]))
    expect(d.fp.stats().totals.putCount).toBe(fpPuts)
    expect(Object.keys(d.fp.stats().uploads)).toHaveLength(fpUploads)
    const after = readRows()
    expect(after.every((r) => r.status === 'done' && r.error === '')).toBe(true)
    expect(after).toHaveLength(10)
  }, 90_000)
})

describe('content already at a destination', () => {
  test('a row whose file is a copy of an uploaded one is not sent; its row says where the copy is', async () => {
    const { copyFileSync } = await import('node:fs')
    copyFileSync(join(root, 'Shoot', 'clip-1.mp4'), join(root, 'Shoot', 'copy-of-1.mp4'))
    const copyCsv = join(root, 'copy.csv')
    writeFileSync(copyCsv, 'path,destination,title\nShoot/copy-of-1.mp4,fp,A copy\n')
    const puts = d.fp.stats().totals.putCount
    const plan = await runCli(['upload', '--manifest', copyCsv, '--dry-run'], d.env)
    expect(plan.stdout).toMatch(
      /duplicate on "fp" \(line 2\): already on "fp" "Take 1 — \\"été\\"" as media \S+ \(the same content under another name\)/,
    )
    const run = await runCli(['upload', '--manifest', copyCsv], d.env)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/duplicate .*copy-of-1\.mp4/)
    expect(d.fp.stats().totals.putCount).toBe(puts)
    const original = readRows().find((r) => r.path === 'Shoot/clip-1.mp4' && r.destination === 'fp')!
    const row = parseManifest(readFileSync(copyCsv, 'utf8')).rows[0]!.row
    expect([row.status, row.media_id]).toEqual(['duplicate', original.media_id])
    expect(row.error).toMatch(/^already on "fp"/)
  }, 60_000)
})
