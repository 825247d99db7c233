import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  appendFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { MEDIA_DIR } from '../library/harness.ts'
import { spawnCli, type CliRun } from '../cli-library/run-cli.ts'

const ROOT = join(import.meta.dirname, '../../..')

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? allFiles(path) : [path]
  })
}

/** Starts `spool ARGS` and interrupts it (SIGINT) after `ms`, like a user pressing Ctrl-C mid-upload. */
function interruptedCli(args: string[], env: NodeJS.ProcessEnv, ms: number): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/spool.mjs'), ...args], { env })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    setTimeout(() => child.kill('SIGINT'), ms)
    child.on('close', (status) => resolve({ status: status ?? 1, stdout: out, stderr: err }))
  })
}

describe.runIf(process.env.SPOOL_TEST_KEYRING)(
  'canary: no secret or session credential ever lands in plain text',
  () => {
    const secret = `CANARY-SECRET-${randomUUID()}`
    let sandbox: SandboxHandle
    let home = ''
    let env: NodeJS.ProcessEnv = {}
    const outputs: string[] = []
    const sessionTokens = new Set<string>()

    beforeAll(async () => {
      // The "FastPix" API lives outside SPOOL_HOME (the sandbox keeps its own password in its data folder).
      sandbox = await startSandbox({
        dataDir: mkdtempSync(join(tmpdir(), 'spool-canary-api-')),
        username: 'canary-token-id',
        password: secret,
        faults: 'throttle=262144',
      })
      home = mkdtempSync(join(tmpdir(), 'spool-canary-home-'))
      env = { ...process.env, SPOOL_HOME: home }
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    const record = (r: CliRun): CliRun => {
      outputs.push(r.stdout, r.stderr)
      return r
    }

    async function collectSessionTokens(): Promise<void> {
      const auth = Buffer.from(`canary-token-id:${secret}`).toString('base64')
      const res = await fetch(`${sandbox.apiUrl}/on-demand/uploads?limit=50&offset=1`, {
        headers: { authorization: `Basic ${auth}` },
      })
      const body = (await res.json()) as { data: { url: string }[] }
      for (const u of body.data) {
        const token = /[?&]upload_id=([^&]+)/.exec(u.url)?.[1]
        if (token) sessionTokens.add(token)
      }
    }

    test('account, upload (interrupted mid-flight), media and uploads commands', async () => {
      const add = record(
        await spawnCli(
          ['account', 'add', 'canary', '--api-url', sandbox.apiUrl],
          env,
          `canary-token-id\n${secret}\n`,
        ),
      )
      expect(add.status, add.stderr).toBe(0)
      record(await spawnCli(['account', 'list', '--json'], env))
      record(await spawnCli(['account', 'test', 'canary'], env))

      const folder = join(home, '..', `canary-files-${randomUUID()}`)
      mkdirSync(folder)
      for (const name of ['a.mp4', 'b.mp4']) {
        copyFileSync(join(MEDIA_DIR, 'tiny-160x90.mp4'), join(folder, name))
        appendFileSync(join(folder, name), randomBytes(3 * 1024 * 1024))
      }
      const upload = record(
        await interruptedCli(
          ['upload', folder, '--account', 'canary', '--chunk-size', '0.25', '--no-wait'],
          env,
          3_000,
        ),
      )
      expect([130, 0, 1]).toContain(upload.status)
      await collectSessionTokens()
      expect(sessionTokens.size).toBeGreaterThan(0)

      record(await spawnCli(['uploads', 'unused', '--account', 'canary'], env))
      record(await spawnCli(['uploads', 'unused', '--account', 'canary', '--json'], env))
      record(await spawnCli(['queue', 'list', '--json'], env))
      record(await spawnCli(['media', 'list', '--all', '--account', 'canary', '--json'], env))
      record(await spawnCli(['media', 'list', '--account', 'canary'], env))
      record(await spawnCli(['account', 'test', 'nope'], env))
    })

    test('the secret, upload_id values and X-Goog-Signature appear in no file, output or log', () => {
      const needles = [secret, ...sessionTokens, 'X-Goog-Signature=']
      const files = allFiles(home)
      expect(files.some((f) => f.endsWith('spool.db-wal') || f.endsWith('spool.db'))).toBe(true)
      expect(files.some((f) => f.includes('logs'))).toBe(true)
      for (const file of files) {
        const bytes = readFileSync(file)
        for (const needle of needles)
          expect(bytes.includes(needle), `${needle.slice(0, 12)}… in ${file}`).toBe(false)
      }
      const text = outputs.join('\n')
      for (const needle of needles)
        expect(text.includes(needle), `${needle.slice(0, 12)}… in CLI output`).toBe(false)
    })
  },
)
