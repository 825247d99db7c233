// B3 (issue 3): peak RSS (VmHWM) of `spool upload` for a 1 GiB and a 4 GiB file — must stay ≤ 200 MB and
// not grow with the file size. Run: bash scripts/with-keyring.sh node bench/upload-memory.ts
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeMedia, rate, sandbox, spoolEnv, timeSpool, writeResult } from './_upload-common.ts'

const GiB = 2 ** 30
const work = mkdtempSync(join(tmpdir(), 'spool-b3-'))
const rows: string[] = []
const sb = await sandbox(join(work, 'sandbox'))
try {
  for (const gib of [1, 4]) {
    const dir = join(work, `f${gib}`)
    mkdirSync(dir)
    const file = join(dir, `${gib}gib.mp4`)
    makeMedia(file, gib * GiB)
    const r = await timeSpool(
      ['upload', file, '--no-wait', '--json'],
      spoolEnv(join(work, `home-${gib}`), sb),
    )
    if (r.code !== 0) throw new Error(`spool exited ${r.code}`)
    rows.push(
      `| ${gib} GiB | ${r.peakRssMiB.toFixed(0)} MiB | ${r.seconds.toFixed(1)} s | ${rate(gib * GiB, r.seconds)} |`,
    )
    rmSync(dir, { recursive: true, force: true })
  }
} finally {
  await sb.stop()
  rmSync(work, { recursive: true, force: true })
}
const body = [
  '## B3 — peak RSS of `spool upload` (default settings: chunks of 16 MiB growing up to 512 MiB; VmHWM sampled every 200 ms from /proc)',
  '',
  '| file | peak RSS | time | throughput |',
  '|---|---|---|---|',
  ...rows,
  '',
  'Target: ≤ 200 MB and not growing with the file size.',
].join('\n')
writeResult('upload-memory', body)
console.error(body)
