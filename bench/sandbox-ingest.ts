// B0: raw ingest of the sandbox. Starts `spool sandbox` as a child process, creates an upload and lets curl
// PUT a 1 GiB file to the session in a single request. Reports throughput and the sandbox's peak RSS
// (/proc/<pid>/status VmHWM; target ≤ 150 MB) to bench/results/sandbox-ingest.md. Linux only; not a test.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { spawnSandbox } from '../test/helpers/sandbox-process.ts'

const GiB = 1024 ** 3
const MiB = 1024 ** 2
const SIZE = Number(process.env.SPOOL_BENCH_INGEST_BYTES ?? GiB)

function vmHwm(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

const work = mkdtempSync(join(tmpdir(), 'spool-bench-ingest-'))
const source = join(work, 'source.bin')
// Sparse: the bench measures the sandbox's ingest path (socket → disk), not the source disk.
writeFileSync(source, '')
truncateSync(source, SIZE)
const sandbox = await spawnSandbox(['--data', join(work, 'data'), '--ready-after', '0'])
try {
  const { pid } = sandbox.child
  const idleRss = vmHwm(pid!)
  const created = await fetch(`${sandbox.info.apiUrl}/on-demand/upload`, {
    method: 'POST',
    headers: { authorization: sandbox.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ corsOrigin: '*', pushMediaSettings: { accessPolicy: 'public' } }),
  })
  const { url } = ((await created.json()) as { data: { url: string } }).data
  const curl = spawnSync(
    '/usr/bin/curl',
    [
      '-sS', '-X', 'PUT', '--upload-file', source,
      '-H', `Content-Range: bytes 0-${SIZE - 1}/${SIZE}`,
      '-H', 'Expect:', '-D', '-', '-o', '/dev/null',
      '-w', '\nSTATUS %{http_code} TIME %{time_total}\n',
      url,
    ],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  ) // prettier-ignore
  const out = curl.stdout ?? ''
  const status = /STATUS (\d+)/.exec(out)?.[1]
  const seconds = Number(/TIME ([\d.]+)/.exec(out)?.[1])
  const hash = /x-goog-hash: (.+)/i.exec(out)?.[1]?.trim()
  if (status !== '200') throw new Error(`curl PUT answered ${status}: ${curl.stderr}`)
  const peakRss = vmHwm(pid!)
  const mibps = SIZE / MiB / seconds
  const date = new Date().toISOString()
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / GiB).toFixed(1)} GiB RAM, Node ${process.version}`
  const section = [
    '## B0 — sandbox ingest (curl, one 1 GiB PUT)',
    '',
    `Measured ${date} by \`node bench/sandbox-ingest.ts\` on ${machine}.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| bytes | ${SIZE} (${(SIZE / MiB).toFixed(0)} MiB, sparse source file) |`,
    `| sandbox ready (spawn → JSON line) | ${sandbox.readyMs.toFixed(0)} ms |`,
    `| curl time (incl. completion hashing) | ${seconds.toFixed(2)} s |`,
    `| throughput | ${mibps.toFixed(1)} MiB/s |`,
    `| sandbox peak RSS (VmHWM), idle | ${(idleRss / MiB).toFixed(1)} MiB |`,
    `| sandbox peak RSS (VmHWM), after the PUT | ${(peakRss / MiB).toFixed(1)} MiB (${(peakRss / 1e6).toFixed(1)} MB; target ≤ 150 MB) |`,
    `| x-goog-hash | \`${hash ?? 'missing'}\` |`,
    '',
    'The idle figure is mostly Node plus its TypeScript type-stripping loader; the PUT adds what ingest costs.',
    '',
  ].join('\n')
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true })
  writeFileSync(join(import.meta.dirname, 'results', 'sandbox-ingest.md'), section)
  console.log(section)
} finally {
  await sandbox.stop()
  rmSync(work, { recursive: true, force: true })
}
