import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { EnqueueReport } from '../../../common/domain/upload.ts'
import type { Core } from '../../../main/core.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import type { Confirmation } from '../../../main/ipc/ports.ts'
import { createTestCore } from '../../helpers/test-core.ts'
import { startRecordingServer, type RecordingServer } from './recording-server.ts'

// Issue 14 §2: main takes paths from the renderer only inside what the user chose, never names anything
// outside them, and adds an account only after its own native confirmation.

const MEDIA = resolve(import.meta.dirname, '../../fixtures/media')
const settings = { accessPolicy: 'public', metadata: {} }

let root: string
let chosen: string
let secret: string
let picked: ReadonlyArray<string> | null = null
let answer = true
const questions: Confirmation[] = []
let core: Core
let server: RecordingServer

beforeAll(async () => {
  server = await startRecordingServer()
  root = mkdtempSync(join(tmpdir(), 'spool-grants-'))
  chosen = join(root, 'Shoot-01')
  secret = join(root, 'private')
  mkdirSync(chosen)
  mkdirSync(secret)
  copyFileSync(join(MEDIA, 'tiny-160x90.mp4'), join(chosen, 'a.mp4'))
  writeFileSync(join(secret, 'tax-return-2026.pdf'), 'not for upload')
  // Its own content: a byte copy of a.mp4 would rightly be a duplicate of it (issue 13 §2).
  writeFileSync(
    join(secret, 'holiday.mp4'),
    Buffer.concat([readFileSync(join(MEDIA, 'tiny-160x90.mp4')), Buffer.from('holiday')]),
  )
  symlinkSync(secret, join(chosen, 'escape'))
  symlinkSync(join(secret, 'holiday.mp4'), join(chosen, 'holiday-link.mp4'))
  const home = join(root, 'home')
  core = createTestCore(home, {
    pick: () => Promise.resolve(picked),
    confirm: (q) => {
      questions.push(q)
      return Promise.resolve(answer)
    },
  })
})

afterAll(async () => {
  await core?.dispose()
  await server?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

const enqueue = (paths: string[]) => dispatch(core.handlers, 'uploads:enqueue', { paths, settings })

describe('paths from the renderer', () => {
  test('a folder the user never chose is refused, and nothing under it is named', async () => {
    for (const paths of [['/etc'], [secret], [join(secret, 'holiday.mp4')]]) {
      const result = await enqueue(paths)
      expect(result).toMatchObject({ ok: false, error: { code: 'input/not-chosen' } })
      const wire = JSON.stringify(result)
      for (const name of ['passwd', 'hostname', 'tax-return', 'holiday', 'private'])
        expect(wire).not.toContain(name)
    }
    expect(core.uploads.list()).toHaveLength(0)
  })

  test('a trusted drop grants its paths; a path that only looks inside is still refused', async () => {
    expect((await dispatch(core.handlers, 'uploads:grant-dropped', { paths: [chosen] })).ok).toBe(true)
    for (const sneaky of [
      join(chosen, '..', 'private'),
      join(chosen, 'escape'),
      join(chosen, 'holiday-link.mp4'),
    ])
      expect(await enqueue([sneaky])).toMatchObject({ ok: false, error: { code: 'input/not-chosen' } })
    const result = await enqueue([chosen])
    expect(result.ok).toBe(true)
    const report = (result as { ok: true; value: EnqueueReport }).value
    expect(report.added.map((j) => j.name)).toEqual(['a.mp4'])
    // The links inside the chosen folder that lead out are skipped by their own names, their targets unread.
    expect(report.skipped.map((s) => s.path).sort()).toEqual(
      [join(chosen, 'escape'), join(chosen, 'holiday-link.mp4')].sort(),
    )
    expect(report.skipped.every((s) => s.reason.code === 'input/not-chosen')).toBe(true)
    expect(JSON.stringify(report)).not.toContain('tax-return')
  })

  test("the open dialog's choice is granted in main", async () => {
    picked = [join(secret, 'holiday.mp4')]
    const result = await dispatch(core.handlers, 'uploads:pick-and-enqueue', { kind: 'files', settings })
    expect(result.ok).toBe(true)
    expect(
      core.uploads
        .list()
        .map((j) => j.name)
        .sort(),
    ).toEqual(['a.mp4', 'holiday.mp4'])
  })
})

describe('adding an account needs main’s own confirmation', () => {
  const account = (name: string) => ({ name, apiUrl: server.apiUrl, tokenId: 'token', secretKey: 'key' })

  test('declined: nothing is stored and no request leaves', async () => {
    answer = false
    const before = server.requests.length
    const result = await dispatch(core.handlers, 'accounts:add', account('evil'))
    expect(result).toMatchObject({ ok: false, error: { code: 'input/not-confirmed' } })
    expect(server.requests.length).toBe(before)
    expect(questions.at(-1)?.detail).toContain(server.apiUrl)
    const list = await dispatch(core.handlers, 'accounts:list', null)
    expect(JSON.stringify(list)).not.toContain('evil')
  })

  test('confirmed: the account is verified and added', async () => {
    answer = true
    const result = await dispatch(core.handlers, 'accounts:add', account('work'))
    expect(result).toMatchObject({ ok: true, value: { name: 'work', apiUrl: server.apiUrl } })
  })
})
