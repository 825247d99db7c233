// B7 and B8 (issue 12): uploads to a REAL PeerTube 6.3.2 with transcoding off. Spool vs one curl resumable
// upload (init, then one PUT of the whole file) vs PeerTube's own CLI (`@peertube/peertube-cli upload`, one
// multipart POST per file), for one 1 GiB file and for 50 files of 20 MiB three at a time; with peak RSS.
// Run: bash scripts/with-keyring.sh node bench/peertube-upload.ts   (root; starts the server from
// ../shared/peertube unless PEERTUBE_BENCH_URL names one with transcoding off). Writes
// bench/results/peertube-upload.md.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { ftruncateSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { rate, REPO, timeProcess, timeSpool, writeResult, median } from './_upload-common.ts'

const MiB = 2 ** 20
const GiB = 2 ** 30
const ROUNDS_BIG = 3
/**
 * PEERTUBE_BENCH_ONLY=b7 runs the 1 GiB rounds only (no 50-file rounds, whose PeerTube CLI signs in 50 times a
 * round) and writes bench/results/throughput-peertube-b7.md: for profiling against a server others use.
 */
const ONLY_B7 = process.env.PEERTUBE_BENCH_ONLY === 'b7'
const ROUNDS_MANY = ONLY_B7 ? 0 : 2
const SERVER = resolve(REPO, '../shared/peertube/peertube-server.sh')
const work = mkdtempSync(join(tmpdir(), 'spool-b7-'))

function notRun(reason: string): never {
  writeResult(
    'peertube-upload',
    `## B7/B8 — uploads to a real PeerTube\n\nNot run on ${new Date().toISOString()}: ${reason}.`,
  )
  console.error(`bench: peertube-upload not run: ${reason}`)
  process.exit(0)
}

// ---- the server -------------------------------------------------------------------------------------------
let url = process.env.PEERTUBE_BENCH_URL ?? ''
let rootPassword = process.env.PEERTUBE_BENCH_ROOT_PASSWORD ?? 'test'
let started = false
if (!url) {
  if (!existsSync(SERVER)) notRun(`${SERVER} does not exist and PEERTUBE_BENCH_URL is not set`)
  if (process.getuid?.() !== 0) notRun('starting a real PeerTube needs root')
  spawnSync('bash', [SERVER, 'stop'], { stdio: 'ignore' })
  const line = execFileSync('bash', [SERVER, 'start'], {
    env: { ...process.env, PEERTUBE_TRANSCODING: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!
  const info = JSON.parse(line) as { url: string; password: string }
  url = info.url
  rootPassword = info.password
  started = true
}

async function form(path: string, body: Record<string, string>, token?: string): Promise<unknown> {
  const res = await fetch(`${url}/api/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(body),
  })
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return res.json()
}
async function api(method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
}
async function login(username: string, password: string): Promise<string> {
  const client = (await (await fetch(`${url}/api/v1/oauth-clients/local`)).json()) as {
    client_id: string
    client_secret: string
  }
  const token = (await form('users/token', {
    client_id: client.client_id,
    client_secret: client.client_secret,
    grant_type: 'password',
    username,
    password,
  })) as { access_token: string }
  return token.access_token
}

// ---- media ------------------------------------------------------------------------------------------------
/** The tiny clip grown to `size` with a trailing `free` box (sparse): a valid mp4 PeerTube accepts as is. */
function paddedMp4(path: string, size: number, tag = ''): void {
  const clip = readFileSync(join(REPO, 'test/fixtures/media/tiny-160x90.mp4'))
  const header = Buffer.alloc(8)
  header.writeUInt32BE(size - clip.length, 0)
  header.write('free', 4, 'latin1')
  const fd = openSync(path, 'w')
  writeSync(fd, clip)
  writeSync(fd, header)
  ftruncateSync(fd, size)
  // Files of one batch must differ in content: Spool rightly sends identical files once (issue 13 §2).
  if (tag) writeSync(fd, Buffer.from(tag.padEnd(32)), 0, 32, size - 32)
  closeSync(fd)
}

const lines: string[] = []
try {
  // peertube-cli from the npm registry, installed outside the timed part.
  const cliPrefix = join(work, 'ptcli')
  execFileSync(
    'npm',
    [
      'install',
      '--silent',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      cliPrefix,
      '@peertube/peertube-cli@1',
    ],
    {
      stdio: 'inherit',
    },
  )
  const ptcli = join(cliPrefix, 'node_modules/@peertube/peertube-cli/dist/peertube.js')

  const root = await login('root', rootPassword)
  const username = `bench${Date.now().toString(36)}`
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const created = await api('POST', 'users', root, {
    username,
    password,
    email: `${username}@example.com`,
    role: 2,
    videoQuota: -1,
    videoQuotaDaily: -1,
  })
  if (!created.ok) throw new Error(`creating the bench user: HTTP ${created.status}`)
  const token = await login(username, password)
  const me = (await (await api('GET', 'users/me', token)).json()) as { videoChannels: { id: number }[] }
  const channelId = me.videoChannels[0]!.id

  const clearVideos = async (): Promise<void> => {
    for (;;) {
      const page = (await (await api('GET', 'users/me/videos?count=100', token)).json()) as {
        data: { id: number }[]
      }
      if (page.data.length === 0) return
      for (const v of page.data) await api('DELETE', `videos/${v.id}`, token)
    }
  }
  const spoolEnv = (home: string): NodeJS.ProcessEnv => ({
    ...process.env,
    SPOOL_HOME: home,
    PEERTUBE_URL: url,
    PEERTUBE_USERNAME: username,
    PEERTUBE_PASSWORD: password,
  })

  /** curl's resumable upload: init (timed, as every client's), then one PUT of the whole file. */
  const curlOne = async (file: string, name: string): Promise<{ seconds: number; peakRssMiB: number }> => {
    const size = statSync(file).size
    const t0 = performance.now()
    const init = await fetch(`${url}/api/v1/videos/upload-resumable`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-upload-content-length': String(size),
        'x-upload-content-type': 'video/mp4',
      },
      body: JSON.stringify({ name, channelId, filename: `${name}.mp4`, privacy: 3 }),
    })
    const location = init.headers.get('location')
    if (init.status !== 201 || !location) throw new Error(`curl init: HTTP ${init.status}`)
    const target = new URL(location, url).toString()
    const put = await timeProcess('/usr/bin/curl', ['-sS', '-f', '-o', '/dev/null', '-X', 'PUT', '-T', file,
      '-H', `Content-Range: bytes 0-${size - 1}/${size}`, '-H', `Authorization: Bearer ${token}`,
      '-H', 'Content-Type: application/octet-stream', target], process.env) // prettier-ignore
    if (put.code !== 0) throw new Error(`curl exited ${put.code}`)
    return { seconds: (performance.now() - t0) / 1000, peakRssMiB: put.peakRssMiB }
  }
  const cliOne = (file: string, name: string) =>
    timeProcess(process.execPath, [ptcli, 'upload', '-u', url, '-U', username, '-p', password, '-f', file,
      '-n', name, '-P', '3', '-C', `${username}_channel`], process.env) // prettier-ignore

  // ---- B7: one 1 GiB file ----
  const bigDir = join(work, 'big')
  mkdirSync(bigDir)
  const big = join(bigDir, 'master-1gib.mp4')
  paddedMp4(big, GiB)
  const big7: Record<'curl' | 'spool' | 'cli', number[]> = { curl: [], spool: [], cli: [] }
  const rss7: Record<'curl' | 'spool' | 'cli', number> = { curl: 0, spool: 0, cli: 0 }
  for (let round = 0; round < ROUNDS_BIG; round++) {
    const order = round % 2 === 0 ? (['curl', 'spool', 'cli'] as const) : (['cli', 'spool', 'curl'] as const)
    for (const client of order) {
      spawnSync('sync')
      const name = `b7-${client}-${round}`
      const r =
        client === 'curl'
          ? await curlOne(big, name)
          : client === 'cli'
            ? await cliOne(big, name)
            : await timeSpool(
                ['upload', big, '--no-wait', '--privacy', 'private', '--title', name],
                spoolEnv(join(work, `home-${name}`)),
              )
      if ('code' in r && r.code !== 0) throw new Error(`${client} exited ${String(r.code)}`)
      big7[client].push(r.seconds)
      rss7[client] = Math.max(rss7[client], r.peakRssMiB)
      await clearVideos()
    }
  }
  rmSync(bigDir, { recursive: true, force: true })

  // ---- B8: 50 × 20 MiB, three at a time ----
  const manyDir = join(work, 'many')
  mkdirSync(manyDir)
  const many = Array.from({ length: ONLY_B7 ? 0 : 50 }, (_, i) => {
    const f = join(manyDir, `clip-${String(i).padStart(2, '0')}.mp4`)
    paddedMp4(f, 20 * MiB, `spool-bench-b8-${i}`)
    return f
  })
  const pool = async (
    run: (file: string, i: number) => Promise<{ peakRssMiB: number; code?: number | null }>,
  ): Promise<{ seconds: number; peakRssMiB: number; failed: number }> => {
    const t0 = performance.now()
    let next = 0
    let peak = 0
    let failed = 0
    await Promise.all(
      [0, 1, 2].map(async () => {
        while (next < many.length) {
          const i = next++
          const r = await run(many[i]!, i)
          peak = Math.max(peak, r.peakRssMiB)
          if (r.code !== undefined && r.code !== 0) failed += 1
        }
      }),
    )
    return { seconds: (performance.now() - t0) / 1000, peakRssMiB: peak, failed }
  }
  const many8: Record<'curl' | 'spool' | 'cli', number[]> = { curl: [], spool: [], cli: [] }
  const rss8: Record<'curl' | 'spool' | 'cli', number> = { curl: 0, spool: 0, cli: 0 }
  const cliFailures: number[] = []
  for (let round = 0; round < ROUNDS_MANY; round++) {
    const order = round % 2 === 0 ? (['curl', 'spool', 'cli'] as const) : (['cli', 'spool', 'curl'] as const)
    for (const client of order) {
      spawnSync('sync')
      if (client === 'spool') {
        const r = await timeSpool(
          ['upload', manyDir, '--no-wait', '--privacy', 'private', '--concurrency', '3'],
          spoolEnv(join(work, `home-b8-${round}`)),
        )
        if (r.code !== 0) throw new Error(`spool exited ${String(r.code)}`)
        many8.spool.push(r.seconds)
        rss8.spool = Math.max(rss8.spool, r.peakRssMiB)
      } else {
        const r =
          client === 'curl'
            ? await pool((f, i) => curlOne(f, `b8-curl-${round}-${i}`))
            : await pool((f, i) => cliOne(f, `b8-cli-${round}-${i}`))
        // PeerTube's CLI signs in for every file; past the instance's login limit its uploads are refused.
        if (client === 'cli') cliFailures.push(r.failed)
        else if (r.failed > 0) throw new Error(`curl failed ${r.failed} uploads`)
        many8[client].push(r.seconds)
        rss8[client] = Math.max(rss8[client], r.peakRssMiB)
      }
      await clearVideos()
      // The instance allows 100 logins per 5 minutes here (15 in production); a restart empties its
      // in-memory limiter, so the next client is not refused for the CLI's logins.
      if (client === 'cli' && started) {
        spawnSync('bash', [SERVER, 'stop'], { stdio: 'ignore' })
        execFileSync('bash', [SERVER, 'start'], {
          env: { ...process.env, PEERTUBE_TRANSCODING: 'false' },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      }
    }
  }

  const row = (label: string, runs: number[], bytes: number, ref: number[], rss: number): string =>
    `| ${label} | ${runs.map((x) => x.toFixed(2)).join(', ')} | ${median(runs).toFixed(2)} | ${rate(bytes, median(runs))} | ${(median(ref) / median(runs)).toFixed(2)} | ${rss.toFixed(0)} MiB |`
  const table = (title: string, rounds: number, bytes: number, t: typeof big7, r: typeof rss7, spoolLabel: string, cliLabel: string, curlLabel: string) => [
    title,
    '',
    `${rounds} rounds, order alternating (curl → spool → cli, then the reverse), \`sync\` before each run, the user's videos deleted after each. Judged on the medians.`,
    '',
    '| client | runs (s) | median | throughput | ratio vs curl | peak RSS |',
    '|---|---|---|---|---|---|',
    row(curlLabel, t.curl, bytes, t.curl, r.curl),
    row(spoolLabel, t.spool, bytes, t.curl, r.spool),
    row(cliLabel, t.cli, bytes, t.curl, r.cli),
    '',
    `Spool ${(median(t.curl) / median(t.spool)).toFixed(2)}× curl (target ≥ 0.9×: **${median(t.curl) / median(t.spool) >= 0.9 ? 'met' : 'not met'}**), ${(median(t.cli) / median(t.spool)).toFixed(2)}× as fast as PeerTube's CLI (target > 1: **${median(t.cli) > median(t.spool) ? 'met' : 'not met'}**).`,
    '',
  ] // prettier-ignore
  const server = started
    ? 'a real PeerTube 6.3.2 on 127.0.0.1 (../shared/peertube), transcoding off'
    : `the PeerTube at ${url} (PEERTUBE_BENCH_URL; transcoding as it is configured there)`
  lines.push(
    `Server: ${server}, PostgreSQL and redis on the same 2 cores. Every client's time includes signing in (Spool: the PEERTUBE_* trio, tokens kept after the first run) and creating the upload. Load average (1, 5, 15 min) at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}.`,
    '',
    ...table('## B7 — one 1 GiB file to PeerTube', ROUNDS_BIG, GiB, big7, rss7,
      'spool upload (automatic chunk sizes)', 'peertube-cli upload (one multipart POST)',
      'curl (init + one PUT of the whole file)'), // prettier-ignore
  )
  if (!ONLY_B7)
    lines.push(
      ...table('## B8 — 50 × 20 MiB to PeerTube, 3 at a time', ROUNDS_MANY, 50 * 20 * MiB, many8, rss8,
        'spool upload --concurrency 3', 'peertube-cli upload, 3 processes at a time', 'curl, 3 at a time (init + one PUT each)'), // prettier-ignore
      `PeerTube's CLI signs in once per file: uploads it lost to the instance's login limit (429) per round: ${cliFailures.join(', ')} of 50.`,
      '',
    )
} finally {
  rmSync(work, { recursive: true, force: true })
  if (started) spawnSync('bash', [SERVER, 'stop'], { stdio: 'ignore' })
}
writeResult(ONLY_B7 ? 'throughput-peertube-b7' : 'peertube-upload', lines.join('\n'))
console.log(lines.join('\n'))
