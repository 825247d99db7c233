// Issue 13 point 7: uploads over a WAN-like link — the sandbox with `latency=40,throttle=12500000`
// (100 Mbit/s, 40 ms round trip on every request and response). One 1 GiB file, and 200 × 8 MiB four at a
// time: Spool (`spool upload`, end to end), curl (one PUT per file) and Google's resumable client (its
// defaults: one streamed request per file), each as a fraction of the link rate, in the same rounds.
// Run: bash scripts/with-keyring.sh node bench/throughput-wan.ts [rounds]
//   WAN_BIG_MIB=256 WAN_FILES=40 shrink the workload for a quick look (WAN_FILES=0: the one big file only). Writes bench/results/throughput-wan.md.
import { execSync } from 'node:child_process'
import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { spawnSandbox, type SandboxProcess } from '../test/helpers/sandbox-process.ts'
import {
  createSession,
  curlPut,
  makeMedia,
  REPO,
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
const LINK = 12_500_000 // bytes per second: 100 Mbit/s
const RTT_MS = 40
const FAULTS = `latency=${RTT_MS},throttle=${LINK}`
const ROUNDS = Number(process.argv[2] ?? 3)
const BIG = Number(process.env.WAN_BIG_MIB ?? 1024) * MiB
const FILES = Number(process.env.WAN_FILES ?? 200)
const SMALL = 8 * MiB
const LANES = 4

const work = mkdtempSync(join(tmpdir(), 'spool-wan-'))
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
/** The share of the link a transfer of `bytes` in `seconds` used. */
const ofLink = (bytes: number, seconds: number): number => bytes / LINK / seconds

let runNo = 0
/** A fresh WAN sandbox per run, `sync` first, so no run pays for another's state or disk write-back. */
async function onWan<T>(run: (sb: SandboxProcess, home: string) => Promise<T>): Promise<T> {
  const no = ++runNo
  const sb = await spawnSandbox(
    ['--data', join(work, `sandbox-${no}`), '--ready-after', '10', '--faults', FAULTS],
    {
      timeoutMs: 20_000,
    },
  )
  try {
    execSync('sync')
    return await run(sb, join(work, `home-${no}`))
  } finally {
    await sb.stop()
    rmSync(join(work, `sandbox-${no}`), { recursive: true, force: true })
    rmSync(join(work, `home-${no}`), { recursive: true, force: true })
  }
}

/** Google's resumable client with its defaults (no chunkSize: the whole file in one streamed request). */
function googleUpload(sb: SandboxProcess, uri: string, file: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const up = gcsUpload({
      uri,
      apiEndpoint: new URL(sb.info.apiUrl).origin,
      bucket: 'sandbox',
      file: 'bench',
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
    createReadStream(file).pipe(up)
  })
}

/** Sends `files` over LANES lanes, each file by `send` to its own session made beforehand (not timed). */
async function lanes(
  sb: SandboxProcess,
  files: string[],
  send: (uri: string, file: string) => Promise<void>,
): Promise<number> {
  const sessions = await Promise.all(files.map(() => createSession(sb)))
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = lane; i < files.length; i += LANES) await send(sessions[i]!, files[i]!)
    }),
  )
  return (performance.now() - t0) / 1000
}

const curlOk = async (uri: string, file: string, size: number): Promise<void> => {
  if ((await curlPut(uri, file, size)) !== 0) throw new Error('curl failed')
}
const spool = async (sb: SandboxProcess, home: string, args: string[]): Promise<number> => {
  const r = await timeSpool(['upload', ...args, '--no-wait', '--json'], spoolEnv(home, sb))
  if (r.code !== 0) throw new Error(`spool exited ${r.code}`)
  return r.seconds
}

type Client = 'spool' | 'curl' | 'google'
const CLIENTS: Client[] = ['spool', 'curl', 'google']
const big: Record<Client, number[]> = { spool: [], curl: [], google: [] }
const many: Record<Client, number[]> = { spool: [], curl: [], google: [] }
const loads: string[] = [load()]
const startedAt = new Date().toISOString()
try {
  const bigFile = join(work, 'big', 'one.mp4')
  mkdirSync(join(work, 'big'))
  makeMedia(bigFile, BIG)
  const folder = join(work, 'many')
  mkdirSync(folder)
  const files = Array.from({ length: FILES }, (_, i) => join(folder, `f${String(i).padStart(3, '0')}.mp4`))
  for (const f of files) makeMedia(f, SMALL)

  const runBig: Record<Client, () => Promise<number>> = {
    spool: () => onWan((sb, home) => spool(sb, home, [bigFile])),
    curl: () =>
      onWan(async (sb) => {
        const uri = await createSession(sb)
        const t0 = performance.now()
        await curlOk(uri, bigFile, BIG)
        return (performance.now() - t0) / 1000
      }),
    google: () =>
      onWan(async (sb) => {
        const uri = await createSession(sb)
        const t0 = performance.now()
        await googleUpload(sb, uri, bigFile)
        return (performance.now() - t0) / 1000
      }),
  }
  const runMany: Record<Client, () => Promise<number>> = {
    spool: () => onWan((sb, home) => spool(sb, home, [folder, '--concurrency', String(LANES)])),
    curl: () => onWan((sb) => lanes(sb, files, (uri, file) => curlOk(uri, file, SMALL))),
    google: () => onWan((sb) => lanes(sb, files, (uri, file) => googleUpload(sb, uri, file))),
  }
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates so that no client always runs first or last in a round.
    const order = CLIENTS.map((_, i) => CLIENTS[(i + round) % CLIENTS.length]!)
    for (const client of order) big[client].push(await runBig[client]())
    if (FILES > 0) for (const client of order) many[client].push(await runMany[client]())
    loads.push(load())
    console.error(`round ${round + 1}/${ROUNDS}: ${order.join(' → ')} (load ${load()})`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

const label: Record<Client, string> = {
  spool: '`spool upload` (end to end: start-up, upload creation, automatic chunks, verification)',
  curl: 'curl -T (one PUT per file; sessions made beforehand, not timed)',
  google: "Google's resumable client, defaults (one streamed request per file; sessions made beforehand)",
}
const table = (runs: Record<Client, number[]>, bytes: number): string[] => [
  '| client | runs (s) | median (s) | fraction of the link (median) | per run |',
  '|---|---|---|---|---|',
  ...CLIENTS.map(
    (c) =>
      `| ${label[c]} | ${runs[c].map((s) => s.toFixed(1)).join(', ')} | ${median(runs[c]).toFixed(1)} | ` +
      `**${ofLink(bytes, median(runs[c])).toFixed(3)}** | ${runs[c].map((s) => ofLink(bytes, s).toFixed(3)).join(', ')} |`,
  ),
]
const verdict = (runs: Record<Client, number[]>, bytes: number): string => {
  const f = ofLink(bytes, median(runs.spool))
  return `Spool ${f.toFixed(3)} of the link (target ≥ 0.95: **${f >= 0.95 ? 'met' : 'not met'}**); curl ${ofLink(bytes, median(runs.curl)).toFixed(3)}, Google ${ofLink(bytes, median(runs.google)).toFixed(3)}.`
}
const lines = [
  `## WAN profile — 100 Mbit/s, ${RTT_MS} ms round trip (sandbox \`--faults ${FAULTS}\`)`,
  '',
  `Measured ${startedAt} on ${ROUNDS} rounds (fresh sandbox and \`sync\` before every run; the order of the clients rotates per round). ` +
    `Load average (1, 5, 15 min) at the start and after each round: ${loads.join(' · ')}. ` +
    'The link is the sandbox: its throttle caps the bytes it takes over all sessions at 12.5 MB/s, and every request and response waits half the round trip. ' +
    'A fraction of 1.000 is the link full from the first byte to the last answer.',
  '',
  `### One ${BIG / MiB} MiB file`,
  '',
  ...table(big, BIG),
  '',
  verdict(big, BIG),
  '',
  ...(FILES > 0
    ? [
        `### ${FILES} × 8 MiB, ${LANES} at a time`,
        '',
        ...table(many, FILES * SMALL),
        '',
        verdict(many, FILES * SMALL),
      ]
    : []),
]
writeResult('throughput-wan', lines.join('\n'))
console.log(lines.join('\n'))
