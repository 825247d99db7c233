import type { Command } from 'commander'
import { startSandbox } from '../../../sandbox/index.ts'
import { parseFaults } from '../../../sandbox/faults.ts'
import { homeLayout, spoolHome } from '../../paths.ts'
import { CliExit, EXIT, type CliContext } from '../context.ts'

type SandboxFlags = {
  host: string
  port: string
  data?: string
  readyAfter: string
  faults?: string
  provider: string
  transcoding: boolean
  transcodeAfter: string
  allowRemoteUrls?: boolean
}

/** Starts a server; what stops it from listening is said plainly (exit 1), never as a stack. */
async function listening<T>(flags: SandboxFlags, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start()
  } catch (caught) {
    const code = (caught as { code?: string } | null)?.code
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EINVAL')
      throw new CliExit(
        EXIT.usage,
        `spool sandbox: --host ${JSON.stringify(flags.host)} is not an address of this computer (e.g. 127.0.0.1).`,
      )
    // A file-system error names its path; a listen error does not.
    const path = (caught as { path?: unknown } | null)?.path
    if (typeof path === 'string')
      throw new CliExit(
        EXIT.usage,
        `spool sandbox: cannot keep the sandbox's data in ${JSON.stringify(flags.data ?? path)} (${code ?? 'unusable'}); give --data a folder you can write to.`,
      )
    if (code === 'EADDRINUSE')
      throw new CliExit(
        EXIT.failed,
        `spool sandbox: port ${port} is already in use; choose another with --port (0 = any free port).`,
      )
    if (code === 'EACCES')
      throw new CliExit(
        EXIT.failed,
        `spool sandbox: not allowed to listen on port ${port}; choose a port above 1023.`,
      )
    throw caught
  }
}

function nonNegativeInt(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max)
    throw new CliExit(EXIT.usage, `spool sandbox: ${name} must be an integer from 0 to ${max}`)
  return n
}

/** The sandbox's port: 0 (any free one) to 65535. */
const portOf = (flags: SandboxFlags): number => nonNegativeInt('--port', flags.port, 65535)

/**
 * Registers `spool sandbox`: runs the local FastPix-compatible server until SIGINT/SIGTERM. stdout carries exactly
 * one JSON line (where and how to connect); everything else goes to stderr.
 */
export function registerSandboxCommand(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description(
      'run a local sandbox server, FastPix-compatible or (--provider peertube) PeerTube-compatible; prints one JSON line, logs to stderr',
    )
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--data <dir>', 'data folder (default: $SPOOL_HOME/sandbox)')
    .option('--ready-after <ms>', 'delay from stored bytes to Ready, in ms', '1500')
    .option(
      '--faults <spec>',
      'fault injection, e.g. error=0.1,reset=0.05,seed=7 (PeerTube also rate-limit=N)',
    )
    .option('--allow-remote-urls', 'fetch track and create-from-URL inputs from hosts other than loopback')
    .option('--provider <name>', 'fastpix or peertube', 'fastpix')
    .option('--no-transcoding', 'peertube: publish at once and accept only .mp4/.webm/.ogv')
    .option('--transcode-after <ms>', 'peertube: time in state 2 "To transcode", in ms', '1500')
    .action(async (flags: SandboxFlags) => {
      const port = portOf(flags)
      if (flags.provider === 'peertube') return runPeerTube(ctx, flags, port)
      if (flags.provider !== 'fastpix')
        throw new CliExit(EXIT.usage, 'spool sandbox: --provider must be fastpix or peertube')
      const readyAfterMs = nonNegativeInt('--ready-after', flags.readyAfter)
      try {
        parseFaults(flags.faults)
      } catch (error) {
        throw new CliExit(EXIT.usage, `spool sandbox: ${(error as Error).message}`)
      }
      const log = (line: string) => void ctx.stderr.write(`[sandbox] ${line}\n`)
      const sandbox = await listening(flags, port, () =>
        startSandbox({
          host: flags.host,
          port,
          dataDir: flags.data ?? homeLayout(spoolHome(ctx.env)).sandboxData,
          readyAfterMs,
          faults: flags.faults,
          ...(flags.allowRemoteUrls ? { allowRemoteUrls: true } : {}),
          username: ctx.env.SPOOL_SANDBOX_USERNAME || undefined,
          password: ctx.env.SPOOL_SANDBOX_PASSWORD || undefined,
          log,
        }),
      )
      const { apiUrl, streamUrl, username, password } = sandbox
      ctx.stdout.write(JSON.stringify({ apiUrl, streamUrl, username, password }) + '\n')
      await ctx.interrupted
      log('stopping')
      await sandbox.close()
    })
}

/**
 * `spool sandbox --provider peertube`: the PeerTube-compatible server. Its JSON line has the keys of
 * `../shared/peertube/peertube-server.sh` (url, version, username, password, oauthClient).
 */
async function runPeerTube(ctx: CliContext, flags: SandboxFlags, port: number): Promise<void> {
  const transcodingDelayMs = nonNegativeInt('--transcode-after', flags.transcodeAfter)
  // Loaded here only: `spool sandbox` for FastPix (and the embedded sandbox) never pays for it.
  const { parsePeerTubeFaults, startPeerTubeSandbox } = await import('../../../sandbox/peertube/index.ts')
  try {
    parsePeerTubeFaults(flags.faults)
  } catch (error) {
    throw new CliExit(EXIT.usage, `spool sandbox: ${(error as Error).message}`)
  }
  const log = (line: string) => void ctx.stderr.write(`[sandbox] ${line}\n`)
  const sandbox = await listening(flags, port, () =>
    startPeerTubeSandbox({
      host: flags.host,
      port,
      dataDir: flags.data ?? `${homeLayout(spoolHome(ctx.env)).sandboxData}-peertube`,
      transcoding: flags.transcoding,
      transcodingDelayMs,
      faults: flags.faults,
      rootPassword: ctx.env.SPOOL_SANDBOX_PASSWORD || undefined,
      log,
    }),
  )
  const { url, version, username, password, oauthClient } = sandbox
  ctx.stdout.write(JSON.stringify({ url, version, username, password, oauthClient }) + '\n')
  await ctx.interrupted
  log('stopping')
  await sandbox.close()
}
