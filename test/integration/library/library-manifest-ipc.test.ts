import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ManifestPlan } from '../../../common/domain/manifest.ts'
import type { LibraryPage } from '../../../common/domain/media.ts'
import type { UploadJob } from '../../../common/domain/upload.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { shootFolder } from '../manifest/folder.ts'
import { appOnSandbox, type AppOnSandbox } from '../manifest/harness.ts'
import { until } from '../uploads/cli-harness.ts'

// The library's "Save as manifest…" over IPC (issue 16 §3): files uploaded by the app come back as rows with
// the path they were uploaded from, written where main's save dialog says.

let app: AppOnSandbox
const root = mkdtempSync(join(tmpdir(), 'spool-lib-manifest-ipc-'))
const shoot = join(root, 'Shoot')
const saveTo = join(root, 'saved.csv')

const call = <T>(channel: string, payload: unknown): Promise<T> => app.call<T>(channel, payload)

beforeAll(async () => {
  shootFolder(shoot, 2)
  app = await appOnSandbox(root, {
    saveManifest: (name) => Promise.resolve(name === 'library.csv' ? saveTo : null),
  })
  await call('accounts:select', { name: 'fp' })
}, 60_000)

afterAll(async () => {
  await app?.close()
  rmSync(root, { recursive: true, force: true })
})

test('uploaded media saved as manifest rows carry the file they came from', async () => {
  await call('uploads:grant-dropped', { paths: [shoot] })
  const plan = await call<ManifestPlan>('uploads:plan', { paths: [shoot], settings: { accounts: ['fp'], defaults: {} } }) // prettier-ignore
  const rows = plan.rows.map((r, i) => ({ ...r.row, title: `Take ${i + 1}` }))
  await call('uploads:start-plan', { rows, accounts: ['fp'], manifest: null })
  await until(
    async () => (await call<UploadJob[]>('uploads:list', null)).every((j) => j.state === 'done'),
    60_000,
    'both uploads to finish',
  )
  await call('library:refresh', null)
  const page = await call<LibraryPage>('library:query', { sort: 'created-desc', offset: 0, limit: 10 })
  const ids = page.items.map((m) => m.id)
  expect(ids).toHaveLength(2)

  const saved = await call('library:export-manifest', { ids })
  expect(saved).toEqual({ name: 'saved.csv', rows: 2, withoutFile: 0 })
  const table = parseManifest(readFileSync(saveTo, 'utf8'))
  expect(table.rows.map((r) => [r.row.path, r.row.title, r.row.extra.source_account]).sort()).toEqual([
    [join(shoot, 'clip-1.mp4'), 'Take 1', 'fp'],
    [join(shoot, 'clip-2.mp4'), 'Take 2', 'fp'],
  ])
  const unknown = await dispatch(app.core.handlers, 'library:export-manifest', { ids: ['0d4e8b2a-5c1f-4e7a-9b3c-000000000009'] }) // prettier-ignore
  expect(unknown).toMatchObject({ ok: false, error: { code: 'api/not-found' } })
})
