import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPeerTubeSandbox, type PeerTubeSandboxHandle } from '../../sandbox/peertube/index.ts'

/**
 * One suite, two targets (issue 12 §5): with PEERTUBE_TEST_URL (set by `npm run test:peertube`, which
 * starts a real PeerTube 6.3.2) the tests run against that server; without it, against Spool's PeerTube
 * sandbox, started here for the run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.PEERTUBE_TEST_URL) {
    process.env.PEERTUBE_TEST_TARGET ??= 'real'
    return () => Promise.resolve()
  }
  const dir = mkdtempSync(join(tmpdir(), 'spool-pt-target-'))
  const sandbox: PeerTubeSandboxHandle = await startPeerTubeSandbox({
    dataDir: dir,
    rootPassword: 'test',
    transcodingDelayMs: 300,
  })
  process.env.PEERTUBE_TEST_URL = sandbox.url
  process.env.PEERTUBE_TEST_ROOT_PASSWORD = 'test'
  process.env.PEERTUBE_TEST_TARGET = 'sandbox'
  return async () => {
    await sandbox.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
