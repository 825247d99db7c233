// B1 and B2 (issue 3): Spool vs curl vs Google's resumable client, on a loopback sandbox.
// Run: bash scripts/with-keyring.sh node bench/upload-throughput.ts   (writes bench/results/upload-throughput.md)
import { createReadStream, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'
import {
  createSession,
  curlPut,
  makeMedia,
  rate,
  REPO,
  sandbox,
  spoolEnv,
  timeSpool,
  writeResult,
} from './_upload-common.ts'

// The package's exports map hides resumable-upload; load the file directly (it is Google's own client).
const { upload: gcsUpload } = createRequire(import.meta.url)(
  join(REPO, 'node_modules/@google-cloud/storage/build/cjs/src/resumable-upload.js'),
) as { upload: (cfg: unknown) => Writable }

const MiB = 2 ** 20
const GiB = 2 ** 30
const work = mkdtempSync(join(tmpdir(), 'spool-bench-'))
const lines: string[] = []
const sb = await sandbox(join(work, 'sandbox'))
try {
  // ---- B1: one 1 GiB file.
  const big = join(work, 'b1', 'one-gib.mp4')
  mkdirSync(join(work, 'b1'))
  makeMedia(big, GiB)
  let t = performance.now()
  if ((await curlPut(await createSession(sb), big, GiB)) !== 0) throw new Error('curl failed')
  const curlS = (performance.now() - t) / 1000

  const gUri = await createSession(sb)
  t = performance.now()
  await new Promise<void>((resolve, reject) => {
    const up = gcsUpload({
      uri: gUri,
      apiEndpoint: new URL(sb.info.apiUrl).origin,
      bucket: 'sandbox',
      file: 'bench',
      chunkSize: 16 * MiB,
      retryOptions: {
        autoRetry: true,
        maxRetries: 3,
        retryDelayMultiplier: 2,
        totalTimeout: 600,
        maxRetryDelay: 64,
        retryableErrorFn: (e: { code?: unknown }) => [408, 429, 500, 502, 503, 504].includes(Number(e.code)),
      },
    })
    up.on('error', reject)
    up.on('finish', () => resolve())
    createReadStream(big).pipe(up)
  })
  const googleS = (performance.now() - t) / 1000

  const spool = await timeSpool(
    ['upload', big, '--no-wait', '--json', '--chunk-size', '16'],
    spoolEnv(join(work, 'home-b1'), sb),
  )
  if (spool.code !== 0) throw new Error(`spool exited ${spool.code}`)
  lines.push(
    '## B1 — one 1 GiB file (single stream)',
    '',
    '| client | seconds | throughput | ratio vs curl |',
    '|---|---|---|---|',
    `| curl (one PUT of the whole file) | ${curlS.toFixed(2)} | ${rate(GiB, curlS)} | 1.00 |`,
    `| Google resumable client (16 MiB chunks) | ${googleS.toFixed(2)} | ${rate(GiB, googleS)} | ${(curlS / googleS).toFixed(2)} |`,
    `| spool upload (16 MiB chunks, CLI start-up and upload creation included) | ${spool.seconds.toFixed(2)} | ${rate(GiB, spool.seconds)} | ${(curlS / spool.seconds).toFixed(2)} |`,
    '',
    `Target ≥ 0.9× curl: **${curlS / spool.seconds >= 0.9 ? 'met' : 'not met'}** (${(curlS / spool.seconds).toFixed(2)}×).`,
    '',
  )
  rmSync(join(work, 'b1'), { recursive: true, force: true })

  // ---- B2: 200 × 8 MiB at concurrency 4 vs 4 parallel curls.
  const folder = join(work, 'b2')
  mkdirSync(folder)
  const files = Array.from({ length: 200 }, (_, i) => join(folder, `f${String(i).padStart(3, '0')}.mp4`))
  for (const f of files) makeMedia(f, 8 * MiB)
  const total = 200 * 8 * MiB
  const sessions = await Promise.all(files.map(() => createSession(sb)))
  t = performance.now()
  await Promise.all(
    [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < files.length; i += 4)
        if ((await curlPut(sessions[i]!, files[i]!, 8 * MiB)) !== 0) throw new Error('curl')
    }),
  )
  const curl4 = (performance.now() - t) / 1000
  const spool4 = await timeSpool(
    ['upload', folder, '--no-wait', '--json', '--concurrency', '4'],
    spoolEnv(join(work, 'home-b2'), sb),
  )
  if (spool4.code !== 0) throw new Error(`spool exited ${spool4.code}`)
  lines.push(
    '## B2 — 200 × 8 MiB, 4 in parallel',
    '',
    '| client | seconds | throughput | ratio vs curl |',
    '|---|---|---|---|',
    `| 4 parallel curls (uploads created beforehand, not timed) | ${curl4.toFixed(2)} | ${rate(total, curl4)} | 1.00 |`,
    `| spool upload --concurrency 4 (scan, 200 upload creations and DB writes included) | ${spool4.seconds.toFixed(2)} | ${rate(total, spool4.seconds)} | ${(curl4 / spool4.seconds).toFixed(2)} |`,
    '',
    `Target ≥ 0.9× curl: **${curl4 / spool4.seconds >= 0.9 ? 'met' : 'not met'}** (${(curl4 / spool4.seconds).toFixed(2)}×).`,
  )
} finally {
  await sb.stop()
  rmSync(work, { recursive: true, force: true })
}
writeResult('upload-throughput', lines.join('\n'))
console.error(lines.join('\n'))
