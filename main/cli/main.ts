import { Command, CommanderError } from 'commander'
import { createLogger, watchLoggedErrors } from '../logging/log.ts'
import { storageFailure } from '../db/storage-errors.ts'
import { spoolHome } from '../paths.ts'
import { redact } from '../logging/redact.ts'
import { CliExit, EXIT, type CliContext } from './context.ts'
import { knownFailure } from './output.ts'
import { closePinnedScreens } from './progress/pinned-screen.ts'
const log = createLogger('cli')

/** A command module's registration function. */
type Register = (program: Command, ctx: CliContext) => void

/**
 * Commands are loaded on demand: `spool sandbox` must not pay for the upload engine, nor `spool queue list`
 * for the library stack (start-up time and resident memory are both measured, see bench/). Help and
 * unknown commands load them all so commander can list and suggest.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  sandbox: async () => (await import('./commands/sandbox.ts')).registerSandboxCommand,
  upload: async () => (await import('./commands/upload.ts')).registerUploadCommand,
  manifest: async () => (await import('./commands/manifest.ts')).registerManifestCommand,
  queue: async () => (await import('./commands/queue.ts')).registerQueueCommand,
  account: async () => (await import('./commands/account.ts')).registerAccountCommand,
  media: async () => (await import('./commands/media.ts')).registerMediaCommand,
  tracks: async () => (await import('./commands/tracks.ts')).registerTracksCommand,
  uploads: async () => (await import('./commands/uploads.ts')).registerUploadsCommand,
  'live-clips': async () => (await import('./commands/live-clips.ts')).registerLiveClipsCommand,
}

/** The command modules a given argv needs: the one it names, none for `--version`, or all of them. */
export function commandsFor(argv: ReadonlyArray<string>): ReadonlyArray<string> {
  const first = argv.find((a) => !a.startsWith('-'))
  const has = (...flags: string[]): boolean => argv.some((a) => flags.includes(a))
  if (first === undefined && has('--version', '-V') && !has('--help', '-h')) return []
  return first !== undefined && first in COMMANDS ? [first] : Object.keys(COMMANDS)
}

/** Builds the `spool` program with the commands `argv` needs; every command receives the same context. */
export async function buildProgram(ctx: CliContext, argv: ReadonlyArray<string> = []): Promise<Command> {
  const program = new Command('spool')
    .description('Bulk upload video and audio to FastPix and PeerTube, and keep the library in order.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .showHelpAfterError()
  const registers = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]!()))
  for (const register of registers) register(program, ctx)
  return program
}

/** Runs the CLI with real process streams; returns the exit status. */
export async function main(
  argv: ReadonlyArray<string>,
  overrides: Partial<CliContext> = {},
): Promise<number> {
  let onSignal: () => void = () => {}
  const interrupted = new Promise<void>((resolve) => {
    onSignal = resolve
  })
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const ctx: CliContext = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interrupted,
    ...overrides,
  }
  // Whatever escapes a command (an error thrown in a timer, a rejection nobody awaited) ends the run with one
  // line, never Node's stack; so does a full disk that code deep inside only logged and carried on from.
  let crash: (error: unknown) => void = () => {}
  const crashed = new Promise<never>((_, reject) => (crash = reject))
  const stopWatching = watchLoggedErrors((error) => {
    if (storageFailure(error, spoolHome(ctx.env))) crash(error)
  })
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
  try {
    const running = (async () => (await buildProgram(ctx, argv)).parseAsync(['node', 'spool', ...argv]))()
    running.catch(() => undefined)
    await Promise.race([running, crashed])
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok
  } catch (caught) {
    closePinnedScreens()
    if (caught instanceof CliExit) {
      if (caught.message) ctx.stderr.write(redact(caught.message) + '\n')
      return caught.status
    }
    if (caught instanceof CommanderError) {
      if (caught.code === 'commander.helpDisplayed' || caught.code === 'commander.version') return EXIT.ok
      return caught.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    const e = knownFailure(ctx, caught)
    if (e) {
      ctx.stderr.write(`spool: ${redact(e.message)}${e.detail ? `\n  ${redact(e.detail)}` : ''}\n`)
      return EXIT.failed
    }
    // A bug: the user gets one line, never a stack; the stack goes to the log for the report.
    log.error('unexpected error', { error: caught })
    const message = caught instanceof Error ? caught.message : String(caught)
    ctx.stderr.write(
      `spool: something went wrong inside Spool: ${redact(message.split('\n')[0] ?? '')} (details are in the log under SPOOL_HOME/logs)\n`,
    )
    return EXIT.failed
  } finally {
    stopWatching()
    process.off('uncaughtException', crash)
    process.off('unhandledRejection', crash)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
