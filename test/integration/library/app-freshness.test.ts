import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createCore, type Core } from '../../../main/core.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'

// Issue 14 §3 in the app: a list whose cache is missing or old is answered at once from the cache, with its
// age, and refreshed in the background; the UI hears library:changed when the fresh data is in.

let home: string
let core: Core
const events: string[] = []

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'spool-app-fresh-'))
  core = createCore({
    home,
    env: { SPOOL_HOME: home },
    secrets: new InMemorySecretStore(),
    version: '0.0.0-test',
    platform: process.platform,
    eventIntervalMs: 10,
    dialogs: { pick: () => Promise.resolve(null), confirm: () => Promise.resolve(true) },
    external: { open: () => Promise.resolve() },
  })
  core.attach((channel) => void events.push(channel))
})
afterAll(async () => {
  await core?.dispose()
  if (home) rmSync(home, { recursive: true, force: true })
})

const query = { sort: 'created-desc', offset: 0, limit: 50 }
type Answer = { ok: true; value: { refreshedAt: string | null } }

async function untilChanged(): Promise<void> {
  for (let i = 0; i < 200 && !events.includes('library:changed'); i++)
    await new Promise((r) => setTimeout(r, 50))
  expect(events).toContain('library:changed')
  events.length = 0
}

test('a never-filled cache answers at once (age: never) and fills itself in the background', async () => {
  const first = (await dispatch(core.handlers, 'library:query', query)) as Answer
  expect(first.value.refreshedAt).toBeNull()
  await untilChanged()
  const second = (await dispatch(core.handlers, 'library:query', query)) as Answer
  expect(Date.now() - Date.parse(second.value.refreshedAt!)).toBeLessThan(60_000)
})

test('an old cache is refreshed in the background too; a fresh one is not', async () => {
  const db = new Database(join(home, 'spool.db'))
  db.prepare('UPDATE library_sync SET refreshed_at = ?').run(new Date(Date.now() - 3_600_000).toISOString())
  db.close()
  const stale = (await dispatch(core.handlers, 'library:query', query)) as Answer
  expect(Date.now() - Date.parse(stale.value.refreshedAt!)).toBeGreaterThan(3_000_000)
  await untilChanged()
  await dispatch(core.handlers, 'library:query', query)
  await new Promise((r) => setTimeout(r, 300))
  expect(events).not.toContain('library:changed')
})
