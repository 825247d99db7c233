// B4 (issue 3): a folder of 10,000 small files scanned, enqueued and persisted (≤ 3 s), and
// `spool queue list` over it (≤ 1 s). Run: node bench/upload-scan.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../main/db/database.ts'
import { createUploadService } from '../main/uploads/service.ts'
import { DEFAULT_SETTINGS } from '../common/domain/settings.ts'
import { InMemorySecretStore } from '../test/fakes/in-memory-secret-store.ts'
import { timeSpool, writeResult } from './_upload-common.ts'

const work = mkdtempSync(join(tmpdir(), 'spool-b4-'))
try {
  const root = join(work, 'many')
  const head = Buffer.from('000000186674797069736f6d0000000069736f6d', 'hex')
  for (let d = 0; d < 20; d++) {
    mkdirSync(join(root, `roll-${d}`), { recursive: true })
    // Each clip its own content: identical files would be one upload and 9,999 duplicates (issue 13 §2).
    for (let i = 0; i < 500; i++)
      writeFileSync(join(root, `roll-${d}`, `clip-${i}.mp4`), Buffer.concat([head, Buffer.from(`${d}/${i}`)]))
  }
  const home = join(work, 'home')
  const db = openDatabase(join(home, 'spool.db'))
  const service = createUploadService({
    db,
    secrets: new InMemorySecretStore(),
    uploadPortFor: () => Promise.reject(new Error('not used')),
    settings: () => DEFAULT_SETTINGS,
  })
  const t = performance.now()
  const report = await service.enqueue([root], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  const enqueueS = (performance.now() - t) / 1000
  const persisted = (db.prepare('SELECT count(*) n FROM upload_jobs').get() as { n: number }).n
  db.close()
  const listRun = await timeSpool(['queue', 'list', '--json'], { ...process.env, SPOOL_HOME: home })
  const listPlain = await timeSpool(['queue', 'list'], { ...process.env, SPOOL_HOME: home })
  const body = [
    '## B4 — 10,000 small files (20 folders × 500)',
    '',
    '| step | time | target |',
    '|---|---|---|',
    `| scan + sniff + duplicate check + enqueue + persist (${report.added.length} added, ${persisted} rows) | ${enqueueS.toFixed(2)} s | ≤ 3 s |`,
    `| \`spool queue list --json\` (new process, includes Node start-up) | ${listRun.seconds.toFixed(2)} s | ≤ 1 s |`,
    `| \`spool queue list\` (table) | ${listPlain.seconds.toFixed(2)} s | ≤ 1 s |`,
  ].join('\n')
  writeResult('upload-scan', body)
  console.error(body)
} finally {
  rmSync(work, { recursive: true, force: true })
}
