// Issue 11: the upload engine before the architecture change (a checkout of abc1448) and now, in one sitting,
// against the same sandbox (this checkout's) and the same curl, so only the client differs. B1 (one 1 GiB
// file, default chunks and pinned 16 MiB) and B2 (200 × 8 MiB, 4 at a time) as ratios to curl, and B3's
// peak RSS for the B1 upload.
// Set-up once: git worktree add ../before abc1448 && (cd ../before && npm ci)
// Run: bash scripts/with-keyring.sh node bench/engine-before-after.ts ../before
//   (writes bench/results/engine-before-after.md)
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  createSession,
  curlPut,
  makeMedia,
  REPO,
  sandbox,
  spoolEnv,
  timeProcess,
  writeResult,
  median,
} from './_upload-common.ts'

const BEFORE = resolve(process.argv[2] ?? join(REPO, '..', 'before'))
if (!existsSync(join(BEFORE, 'bin', 'spool.mjs')) || !existsSync(join(BEFORE, 'node_modules'))) {
  console.error(
    `No checkout with node_modules at ${BEFORE}. Make one: git worktree add ../before abc1448 && (cd ../before && npm ci)`,
  )
  process.exit(2)
}
const GiB = 2 ** 30
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const work = mkdtempSync(join(tmpdir(), 'spool-before-after-'))
const list = (xs: number[], digits = 2): string => xs.map((x) => x.toFixed(digits)).join(', ')

type Sample = { seconds: number; peakRssMiB: number }
const file = join(work, 'one-gib.mp4')
makeMedia(file, GiB)
let runNo = 0

/** One client run on a fresh sandbox after `sync`, so no run pays for another's disk write-back. */
async function onFresh(run: (sb: Awaited<ReturnType<typeof sandbox>>) => Promise<Sample>): Promise<Sample> {
  const data = join(work, `sandbox-${++runNo}`)
  const sb = await sandbox(data)
  try {
    execSync('sync')
    return await run(sb)
  } finally {
    await sb.stop()
    rmSync(data, { recursive: true, force: true })
  }
}

const curl = (): Promise<Sample> =>
  onFresh(async (sb) => {
    const uri = await createSession(sb)
    const t0 = performance.now()
    if ((await curlPut(uri, file, GiB)) !== 0) throw new Error('curl failed')
    return { seconds: (performance.now() - t0) / 1000, peakRssMiB: 0 }
  })

const spool = (checkout: string, extra: string[]) => (): Promise<Sample> =>
  onFresh(async (sb) => {
    const home = join(work, `home-${runNo}`)
    const r = await timeProcess(
      process.execPath,
      [join(checkout, 'bin', 'spool.mjs'), 'upload', file, '--no-wait', '--json', ...extra],
      spoolEnv(home, sb),
    )
    rmSync(home, { recursive: true, force: true })
    if (r.code !== 0) throw new Error(`spool (${checkout}) exited ${r.code}`)
    return r
  })

const clients = {
  curl,
  before: spool(BEFORE, []),
  after: spool(REPO, []),
  before16: spool(BEFORE, ['--chunk-size', '16']),
  after16: spool(REPO, ['--chunk-size', '16']),
}
type Client = keyof typeof clients
const order = Object.keys(clients) as Client[]
const samples = Object.fromEntries(order.map((c) => [c, [] as Sample[]])) as Record<Client, Sample[]>
// B2: 200 files of 8 MiB, four at a time; curl's 200 sessions are made beforehand (not timed).
const folder = join(work, 'b2')
mkdirSync(folder)
const files = Array.from({ length: 200 }, (_, i) => join(folder, `f${String(i).padStart(3, '0')}.mp4`))
for (const f of files) makeMedia(f, 8 * 2 ** 20)
const b2Curl = (): Promise<Sample> =>
  onFresh(async (sb) => {
    const sessions = await Promise.all(files.map(() => createSession(sb)))
    execSync('sync')
    const t0 = performance.now()
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = lane; i < files.length; i += 4)
          if ((await curlPut(sessions[i]!, files[i]!, 8 * 2 ** 20)) !== 0) throw new Error('curl failed')
      }),
    )
    return { seconds: (performance.now() - t0) / 1000, peakRssMiB: 0 }
  })
const b2Spool = (checkout: string) => (): Promise<Sample> =>
  onFresh(async (sb) => {
    const home = join(work, `home-${runNo}`)
    const r = await timeProcess(
      process.execPath,
      [join(checkout, 'bin', 'spool.mjs'), 'upload', folder, '--no-wait', '--json', '--concurrency', '4'],
      spoolEnv(home, sb),
    )
    rmSync(home, { recursive: true, force: true })
    if (r.code !== 0) throw new Error(`spool (${checkout}) exited ${r.code}`)
    return r
  })
const b2Clients = { curl: b2Curl, before: b2Spool(BEFORE), after: b2Spool(REPO) }
type B2Client = keyof typeof b2Clients
const b2Order = Object.keys(b2Clients) as B2Client[]
const b2 = Object.fromEntries(b2Order.map((c) => [c, [] as Sample[]])) as Record<B2Client, Sample[]>

const loads: string[] = [
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
]
try {
  for (const c of order) await clients[c]() // warm-up: page cache, compile caches
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 ? [...order].reverse() : order) samples[c].push(await clients[c]())
    loads.push(
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    )
  }
  for (let round = 0; round < ROUNDS; round++)
    for (const c of round % 2 ? [...b2Order].reverse() : b2Order) b2[c].push(await b2Clients[c]())
} finally {
  rmSync(work, { recursive: true, force: true })
}

const secs = (c: Client): number[] => samples[c].map((s) => s.seconds)
const ratio = (c: Client): number => median(secs('curl')) / median(secs(c))
const rss = (c: Client): number[] => samples[c].map((s) => s.peakRssMiB)
const row = (label: string, c: Client): string =>
  `| ${label} | ${list(secs(c))} | ${median(secs(c)).toFixed(2)} | ${c === 'curl' ? '1.00' : ratio(c).toFixed(2)} | ${c === 'curl' ? '—' : `${list(rss(c), 0)} (median ${median(rss(c)).toFixed(0)})`} |`
/** How a ratio moved from before to now, and whether it stayed within 5 % below (issue 11's bar). */
const change = (before: number, now: number): string => {
  const moved = now / before - 1
  return `${moved >= 0 ? '+' : ''}${(moved * 100).toFixed(1)} % (${moved >= -0.05 ? 'not more than 5 % lower: met' : 'more than 5 % lower: NOT met'})`
}
const within = (before: Client, after: Client): string => change(ratio(before), ratio(after))
const b2Secs = (c: B2Client): number[] => b2[c].map((r) => r.seconds)
const b2Ratio = (c: B2Client): number => median(b2Secs('curl')) / median(b2Secs(c))
const B2_LABELS: Record<B2Client, string> = {
  curl: '4 parallel curls (sessions made beforehand)',
  before: 'spool upload --concurrency 4, before',
  after: 'spool upload --concurrency 4, now',
}
const body = [
  '## Issue 11 — the engine before (`abc1448`) and now, one sitting, same sandbox',
  '',
  `${ROUNDS} rounds after one untimed warm-up, the order reversed every other round; a fresh sandbox (this checkout's) and \`sync\` before every run. Load average (1, 5, 15 min) at the start and after each round: ${loads.join(' · ')}.`,
  '',
  '| client (one 1 GiB file) | runs (s) | median (s) | ÷ curl (medians) | peak RSS (MiB) |',
  '|---|---|---|---|---|',
  row('curl, one PUT of the whole file (session made beforehand)', 'curl'),
  row('spool upload, before (`abc1448`), default chunks', 'before'),
  row('spool upload, now, default chunks', 'after'),
  row('spool upload --chunk-size 16, before', 'before16'),
  row('spool upload --chunk-size 16, now', 'after16'),
  '',
  `B1 default: ${ratio('before').toFixed(2)}× → ${ratio('after').toFixed(2)}×, ${within('before', 'after')}. B1 pinned 16 MiB: ${ratio('before16').toFixed(2)}× → ${ratio('after16').toFixed(2)}×, ${within('before16', 'after16')}.`,
  `B3 peak RSS (median of the default runs): ${median(rss('before')).toFixed(0)} MiB before, ${median(rss('after')).toFixed(0)} MiB now.`,
  '',
  `B2, run after B1's rounds (${ROUNDS} rounds, the order reversed every other round):`,
  '',
  '| client (200 × 8 MiB, 4 at a time) | runs (s) | median (s) | ÷ curl (medians) |',
  '|---|---|---|---|',
  ...b2Order.map(
    (c) =>
      `| ${B2_LABELS[c]} | ${list(b2Secs(c))} | ${median(b2Secs(c)).toFixed(2)} | ${b2Ratio(c).toFixed(2)} |`,
  ),
  '',
  `B2: ${b2Ratio('before').toFixed(2)}× → ${b2Ratio('after').toFixed(2)}×, ${change(b2Ratio('before'), b2Ratio('after'))}.`,
].join('\n')
writeResult('engine-before-after', body)
console.error(body)
