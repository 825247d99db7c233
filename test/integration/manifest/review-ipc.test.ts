import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ImportedManifest, ManifestPlan, StartPlanReport } from '../../../common/domain/manifest.ts'
import type { UploadJob } from '../../../common/domain/upload.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { until } from '../uploads/cli-harness.ts'
import { shootFolder } from './folder.ts'
import { appOnSandbox, type AppOnSandbox } from './harness.ts'

// Issue 15 §4, the app's side: a drop is planned (nothing queued), the edited rows start as one batch, a
// manifest opened through main's dialog grants its files and gets its results written back by the app's
// queue, and the table can be saved as a CSV.

let app: AppOnSandbox
const root = mkdtempSync(join(tmpdir(), 'spool-review-'))
const shoot = join(root, 'Shoot')
let dialogAnswer: string | null = null

const call = <T>(channel: string, payload: unknown): Promise<T> => app.call<T>(channel, payload)

beforeAll(async () => {
  shootFolder(shoot, 3)
  app = await appOnSandbox(root, {
    openManifest: () => Promise.resolve(dialogAnswer),
    saveManifest: () => Promise.resolve(dialogAnswer),
  })
}, 60_000)
afterAll(async () => {
  await app?.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the review table over IPC', () => {
  test('a drop is planned, not queued; only dropped paths can be planned', async () => {
    const refused = await dispatch(app.core.handlers, 'uploads:plan', { paths: [shoot], settings: { accounts: ['fp'], defaults: {} } }) // prettier-ignore
    expect(refused).toMatchObject({ ok: false, error: { code: 'input/not-chosen' } })
    await call('uploads:grant-dropped', { paths: [shoot] })
    const plan = await call<ManifestPlan>('uploads:plan', { paths: [shoot], settings: { accounts: ['fp'], defaults: { title: '{folder} – {name}', tags: ['review'] } } }) // prettier-ignore
    expect(
      plan.rows.map((r) => [r.row.title, r.row.destination, r.row.tags, r.row.captions, r.size]),
    ).toEqual([
      ['Shoot – clip-1', 'fp', 'review', 'en=clip-1.en.vtt; pt-BR=clip-1.pt-BR.srt', 8390],
      ['Shoot – clip-2', 'fp', 'review', 'en=clip-2.vtt', 8390],
      ['Shoot – clip-3', 'fp', 'review', '', 8390],
    ])
    expect(plan.rows[0]!.notes[0]).toMatch(/FastPix takes tracks by URL only/)
    expect(plan.unpairedSidecars).toEqual([join(shoot, 'orphan.en.vtt')])
    expect(plan.skipped.map((s) => s.path)).toEqual([join(shoot, 'notes.txt')])
    expect(await call<UploadJob[]>('uploads:list', null)).toEqual([])
  })

  test('start answers the rows’ problems and queues nothing, then queues the edited rows as one batch', async () => {
    await call('uploads:grant-dropped', { paths: [shoot] })
    const plan = await call<ManifestPlan>('uploads:plan', { paths: [shoot], settings: { accounts: ['fp'], defaults: {} } }) // prettier-ignore
    const rows = plan.rows.map((r) => r.row)
    const bad = await call<StartPlanReport>('uploads:start-plan', { rows: [rows[0], { ...rows[1], privacy: 'secret' }], accounts: ['fp'], manifest: null }) // prettier-ignore
    expect(bad).toEqual({ problems: [{ row: 1, line: 3, message: 'privacy "secret" is not one of public, unlisted, private, internal' }], queued: 0, duplicates: 0, skipped: [] }) // prettier-ignore
    expect(await call<UploadJob[]>('uploads:list', null)).toEqual([])
    const outside = await dispatch(app.core.handlers, 'uploads:start-plan', { rows: [{ ...rows[0], path: '/etc/hostname' }], accounts: ['fp'], manifest: null }) // prettier-ignore
    expect(outside).toMatchObject({ ok: false, error: { code: 'input/not-chosen' } })
    const ok = await call<StartPlanReport>('uploads:start-plan', { rows: [{ ...rows[0], title: 'Edited one' }, { ...rows[1], title: 'Edited two' }], accounts: ['fp'], manifest: null }) // prettier-ignore
    expect(ok).toEqual({ problems: [], queued: 2, duplicates: 0, skipped: [] })
    const jobs = await call<UploadJob[]>('uploads:list', null)
    expect(jobs.map((j) => j.settings.title).sort()).toEqual(['Edited one', 'Edited two'])
    expect(new Set(jobs.map((j) => j.batchId)).size).toBe(1)
  })

  test('a manifest opened in the app grants its files, starts, and gets its results written back', async () => {
    const csv = join(root, 'opened.csv')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(csv, 'path,title,destination\nShoot/clip-3.mp4,From the sheet,fp\n')
    dialogAnswer = csv
    const opened = await call<ImportedManifest>('manifest:import', { accounts: ['fp'] })
    expect([opened.name, opened.plan.rows.map((r) => r.row.title)]).toEqual([
      'opened.csv',
      ['From the sheet'],
    ])
    const started = await call<StartPlanReport>('uploads:start-plan', { rows: opened.plan.rows.map((r) => r.row), accounts: ['fp'], manifest: opened.handle }) // prettier-ignore
    expect(started.queued).toBe(1)
    await until(
      () => parseManifest(readFileSync(csv, 'utf8')).rows[0]?.row.status === 'done',
      60_000,
      'the CSV to say done',
    )
    const row = parseManifest(readFileSync(csv, 'utf8')).rows[0]!.row
    expect(row.media_id).not.toBe('')
    expect(row.url).toMatch(/\.m3u8$/)
    expect(existsSync(`${csv}.orig`)).toBe(true)
    const unknown = await dispatch(app.core.handlers, 'uploads:start-plan', { rows: [opened.plan.rows[0]!.row], accounts: ['fp'], manifest: '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f' }) // prettier-ignore
    expect(unknown).toMatchObject({ ok: false, error: { code: 'input/invalid' } })
  }, 90_000)

  test('the table saved as a CSV through main’s dialog; a cancelled dialog writes nothing', async () => {
    const out = join(root, 'saved.csv')
    dialogAnswer = out
    const rows = [{ ...parseManifest('path,title\na.mp4,"A, with a comma"\n').rows[0]!.row }]
    expect(await call('manifest:export', { rows })).toEqual({ name: 'saved.csv' })
    expect(parseManifest(readFileSync(out, 'utf8')).rows[0]!.row.title).toBe('A, with a comma')
    dialogAnswer = null
    expect(await call('manifest:export', { rows })).toBeNull()
    expect(await call('manifest:import', { accounts: ['fp'] })).toBeNull()
  })
})
