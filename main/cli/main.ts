import { Command, CommanderError } from 'commander'
import { AppFailure } from '../../common/ipc/result.ts'
import { redact } from '../logging/redact.ts'
import { CliExit, EXIT, type CliContext } from './context.ts'
import { registerSandboxCommand } from './commands/sandbox.ts'
import { registerUploadCommand } from './commands/upload.ts'
import { registerQueueCommand } from './commands/queue.ts'
import { registerAccountCommand } from './commands/account.ts'
import { registerMediaCommand } from './commands/media.ts'
import { registerTracksCommand } from './commands/tracks.ts'
import { registerUploadsCommand } from './commands/uploads.ts'
import { registerLiveClipsCommand } from './commands/live-clips.ts'

/** Builds the `spool` program; every command receives the same context. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('spool')
    .description('Bulk upload video and audio to FastPix and keep the library in order.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .showHelpAfterError()
  registerSandboxCommand(program, ctx)
  registerUploadCommand(program, ctx)
  registerQueueCommand(program, ctx)
  registerAccountCommand(program, ctx)
  registerMediaCommand(program, ctx)
  registerTracksCommand(program, ctx)
  registerUploadsCommand(program, ctx)
  registerLiveClipsCommand(program, ctx)
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
  try {
    await buildProgram(ctx).parseAsync(['node', 'spool', ...argv])
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok
  } catch (caught) {
    if (caught instanceof CliExit) {
      if (caught.message) ctx.stderr.write(redact(caught.message) + '\n')
      return caught.status
    }
    if (caught instanceof CommanderError) {
      if (caught.code === 'commander.helpDisplayed' || caught.code === 'commander.version') return EXIT.ok
      return caught.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (caught instanceof AppFailure) {
      const e = caught.appError
      ctx.stderr.write(`spool: ${redact(e.message)}${e.detail ? `\n  ${redact(e.detail)}` : ''}\n`)
      return EXIT.failed
    }
    ctx.stderr.write(
      `spool: unexpected error: ${redact(caught instanceof Error ? (caught.stack ?? caught.message) : String(caught))}\n`,
    )
    return EXIT.failed
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
