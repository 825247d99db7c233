// B1 and B2 (issue 3): Spool vs curl vs Google's resumable client, on a loopback sandbox.
// Run: bash scripts/with-keyring.sh node bench/upload-throughput.ts   (writes bench/results/upload-throughput.md)
import { execSync } from 'node:child_process'
import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'
import { sandboxStats, type SandboxProcess } from '../test/helpers/sandbox-process.ts'
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
  median,
} from './_upload-common.ts'

// The package's exports map hides resumable-upload; load the file directly (it is Google's own client).
const { upload: gcsUpload } = createRequire(import.meta.url)(
  join(REPO, 'node_modules/@google-cloud/storage/build/cjs/src/resumable-upload.js'),
) as { upload: (cfg: unknown) => Writable }

const MiB = 2 ** 20
const GiB = 2 ** 30
/** Timed rounds per client in B1 and B2 (after B1's warm-up round). */
const ROUNDS = 5
const work = mkdtempSync(join(tmpdir(), 'spool-bench-'))
const lines: string[] = []
const best = (xs: number[]): number => Math.min(...xs)
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const runs = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(', ')
try {
  // ---- B1: one 1 GiB file. One run of each client varies by ±30 % on this machine (disk write-back, the
  // sandbox's fsync per persisted chunk, a shared host), so after one untimed warm-up round (page cache,
  // Node's compile cache) each client runs five times on a fresh sandbox after `sync`, in rounds that
  // alternate the order (forward, reverse, forward, …). The target is judged on the medians, which one
  // stalled run (a neighbour on the host) cannot move; the means are shown beside them.
  const big = join(work, 'b1', 'one-gib.mp4')
  mkdirSync(join(work, 'b1'))
  makeMedia(big, GiB)
  let b1No = 0
  const onFresh = async (run: (own: SandboxProcess) => Promise<number>): Promise<number> => {
    const own = await sandbox(join(work, `b1-sandbox-${++b1No}`))
    try {
      execSync('sync') // no run pays for another's disk write-back
      return await run(own)
    } finally {
      await own.stop()
      rmSync(join(work, `b1-sandbox-${b1No}`), { recursive: true, force: true })
    }
  }
  const b1Curl = (): Promise<number> =>
    onFresh(async (own) => {
      const uri = await createSession(own)
      const t0 = performance.now()
      if ((await curlPut(uri, big, GiB)) !== 0) throw new Error('curl failed')
      return (performance.now() - t0) / 1000
    })
  const b1Google = (): Promise<number> =>
    onFresh(async (own) => {
      const uri = await createSession(own)
      const t0 = performance.now()
      await new Promise<void>((resolve, reject) => {
        const up = gcsUpload({
          uri,
          apiEndpoint: new URL(own.info.apiUrl).origin,
          bucket: 'sandbox',
          file: 'bench',
          chunkSize: 16 * MiB,
          retryOptions: {
            autoRetry: true,
            maxRetries: 3,
            retryDelayMultiplier: 2,
            totalTimeout: 600,
            maxRetryDelay: 64,
            retryableErrorFn: (e: { code?: unknown }) =>
              [408, 429, 500, 502, 503, 504].includes(Number(e.code)),
          },
        })
        up.on('error', reject)
        up.on('finish', () => resolve())
        createReadStream(big).pipe(up)
      })
      return (performance.now() - t0) / 1000
    })
  const b1Spool =
    (extra: string[] = []) =>
    (): Promise<number> =>
      onFresh(async (own) => {
        // Untimed, as for curl and Google: every client meets a sandbox that has answered once.
        await createSession(own)
        const r = await timeSpool(
          ['upload', big, '--no-wait', '--json', ...extra],
          spoolEnv(join(work, `home-b1-${b1No}`), own),
        )
        if (r.code !== 0) throw new Error(`spool exited ${r.code}`)
        return r.seconds
      })
  // The target is judged on Spool's defaults; a pinned 16 MiB (the size automatic sizing starts from, and
  // the chunk size of Google's client here) is shown beside it.
  const b1 = {
    curl: [] as number[],
    google: [] as number[],
    spool: [] as number[],
    spool16: [] as number[],
  }
  const b1Runs = {
    curl: b1Curl,
    google: b1Google,
    spool: b1Spool(),
    spool16: b1Spool(['--chunk-size', '16']),
  }
  const order = ['curl', 'google', 'spool', 'spool16'] as const
  for (const client of order) await b1Runs[client]() // warm-up, not counted
  for (let round = 0; round < ROUNDS; round++)
    for (const client of round % 2 ? [...order].reverse() : order) b1[client].push(await b1Runs[client]())
  const b1Row = (label: string, xs: number[]): string =>
    `| ${label} | ${runs(xs)} | ${mean(xs).toFixed(2)} | ${median(xs).toFixed(2)} | ${rate(GiB, median(xs))} | ${(median(b1.curl) / median(xs)).toFixed(2)} | ${(mean(b1.curl) / mean(xs)).toFixed(2)} |`
  const b1Ratio = median(b1.curl) / median(b1.spool)
  lines.push(
    '## B1 — one 1 GiB file (single stream)',
    '',
    `Fresh sandbox per run, \`sync\` before each; one untimed warm-up round, then ${ROUNDS} rounds alternating curl → google → spool → spool 16 and the reverse. Judged on the medians.`,
    '',
    '| client | runs (s) | mean | median | throughput (median) | ratio vs curl (medians) | ratio (means) |',
    '|---|---|---|---|---|---|---|',
    b1Row('curl (one PUT of the whole file)', b1.curl),
    b1Row('Google resumable client (16 MiB chunks)', b1.google),
    b1Row(
      'spool upload (default settings: chunks of 16 MiB growing up to 512 MiB; CLI start-up and upload creation included)',
      b1.spool,
    ),
    b1Row('spool upload --chunk-size 16 (pinned: every chunk 16 MiB)', b1.spool16),
    '',
    `Target ≥ 0.9× curl: **${b1Ratio >= 0.9 ? 'met' : 'not met'}** (${b1Ratio.toFixed(2)}× on the medians, ` +
      `${(mean(b1.curl) / mean(b1.spool)).toFixed(2)}× on the means).`,
    '',
  )
  rmSync(join(work, 'b1'), { recursive: true, force: true })

  // ---- B2: 200 × 8 MiB at concurrency 4 vs 4 parallel curls.
  // Each run gets a fresh sandbox (same state size) and starts after `sync`, and the order alternates
  // (curl spool, spool curl, …): whichever client runs second otherwise pays for the first one's disk
  // write-back and a larger sandbox state, which measured as a 10–25 % penalty on this machine. Judged on
  // the medians of ROUNDS runs, like B1.
  const folder = join(work, 'b2')
  mkdirSync(folder)
  const files = Array.from({ length: 200 }, (_, i) => join(folder, `f${String(i).padStart(3, '0')}.mp4`))
  for (const f of files) makeMedia(f, 8 * MiB)
  const total = 200 * 8 * MiB
  let runNo = 0
  // The sandbox's full garbage collections during each timed run are recorded beside its time: the
  // sandbox's main thread is the bottleneck of B2, so a run where it collected often is slower for that
  // reason alone, whichever client was sending.
  type B2Run = { seconds: number; fullGcs: number }
  /** One timed run on a fresh sandbox: `prepare` is untimed, `send` returns the seconds it measured. */
  const b2Run = async <T>(
    prepare: (own: SandboxProcess) => Promise<T>,
    send: (own: SandboxProcess, prepared: T, home: string) => Promise<number>,
  ): Promise<B2Run> => {
    const no = ++runNo
    const home = join(work, `home-b2-${no}`)
    const own = await sandbox(join(work, `b2-sandbox-${no}`))
    try {
      const prepared = await prepare(own)
      execSync('sync')
      const gcs = (await sandboxStats(own.info)).fullGcs
      const seconds = await send(own, prepared, home)
      return { seconds, fullGcs: (await sandboxStats(own.info)).fullGcs - gcs }
    } finally {
      await own.stop()
      rmSync(join(work, `b2-sandbox-${no}`), { recursive: true, force: true })
      rmSync(home, { recursive: true, force: true })
    }
  }
  const b2Curl = (): Promise<B2Run> =>
    b2Run(
      (own) => Promise.all(files.map(() => createSession(own))),
      async (_own, sessions) => {
        const t0 = performance.now()
        await Promise.all(
          [0, 1, 2, 3].map(async (lane) => {
            for (let i = lane; i < files.length; i += 4)
              if ((await curlPut(sessions[i]!, files[i]!, 8 * MiB)) !== 0) throw new Error('curl')
          }),
        )
        return (performance.now() - t0) / 1000
      },
    )
  const b2Spool = (): Promise<B2Run> =>
    b2Run(
      () => Promise.resolve(null),
      async (own, _none, home) => {
        const r = await timeSpool(
          ['upload', folder, '--no-wait', '--json', '--concurrency', '4'],
          spoolEnv(home, own),
        )
        if (r.code !== 0) throw new Error(`spool exited ${r.code}`)
        return r.seconds
      },
    )
  const curlB2: B2Run[] = []
  const spoolB2: B2Run[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const curlFirst = round % 2 === 0
    if (curlFirst) curlB2.push(await b2Curl())
    spoolB2.push(await b2Spool())
    if (!curlFirst) curlB2.push(await b2Curl())
  }
  const curlRuns = curlB2.map((r) => r.seconds)
  const spoolRuns = spoolB2.map((r) => r.seconds)
  const gcRuns = (xs: B2Run[]): string => xs.map((r) => r.fullGcs).join(', ')
  const medianRatio = median(curlRuns) / median(spoolRuns)
  const meanRatio = mean(curlRuns) / mean(spoolRuns)
  lines.push(
    '## B2 — 200 × 8 MiB, 4 in parallel',
    '',
    `Fresh sandbox per run, \`sync\` before each; ${ROUNDS} rounds alternating curl → spool and spool → curl. Judged on the medians.`,
    '',
    '| client | runs (s) | sandbox full GCs per run | best | mean | median | throughput (median) |',
    '|---|---|---|---|---|---|---|',
    `| 4 parallel curls (uploads created beforehand, not timed) | ${runs(curlRuns)} | ${gcRuns(curlB2)} | ${best(curlRuns).toFixed(2)} | ${mean(curlRuns).toFixed(2)} | ${median(curlRuns).toFixed(2)} | ${rate(total, median(curlRuns))} |`,
    `| spool upload --concurrency 4 (CLI start-up, scan, 200 upload creations, DB writes included) | ${runs(spoolRuns)} | ${gcRuns(spoolB2)} | ${best(spoolRuns).toFixed(2)} | ${mean(spoolRuns).toFixed(2)} | ${median(spoolRuns).toFixed(2)} | ${rate(total, median(spoolRuns))} |`,
    '',
    `Ratio spool/curl: ${medianRatio.toFixed(2)}× (medians), ${meanRatio.toFixed(2)}× (means), ` +
      `${(best(curlRuns) / best(spoolRuns)).toFixed(2)}× (best of each). ` +
      `Target ≥ 0.9× curl: **${medianRatio >= 0.9 ? 'met' : 'not met'}** (judged on the medians).`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
writeResult('upload-throughput', lines.join('\n'))
console.error(lines.join('\n'))
