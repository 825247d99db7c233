import type { CliContext } from '../context.ts'
import { EXIT } from '../context.ts'
import { DEFAULT_SETTINGS, type Settings } from '../../../common/domain/settings.ts'
import { createUploadService, type UploadService } from '../../uploads/service.ts'
import type { UploadCliEnv } from './support.ts'
import { attachReporter, summarise } from './reporter.ts'

/** How a CLI run prints. */
export type RunMode = 'json' | 'tty' | 'plain'

/** Picks the output mode: --json, a terminal, or plain lines. */
export function runMode(ctx: CliContext, json: boolean | undefined): RunMode {
  return json ? 'json' : ctx.stdout.isTTY ? 'tty' : 'plain'
}

/** Builds the service for a CLI run over the home's database. */
export function cliService(
  env: UploadCliEnv,
  settings: Partial<Settings>,
  scope: (() => ReadonlyArray<string>) | null,
): UploadService {
  const merged: Settings = { ...DEFAULT_SETTINGS, ...settings }
  return createUploadService({
    db: env.db,
    secrets: env.secrets,
    uploadPortFor: (account) => env.portFor(account),
    providerFor: async (account) => (await env.destinationFor(account)).provider,
    settings: () => merged,
    ...(scope ? { scope } : {}),
  })
}

/**
 * Runs the queue until every job in scope has ended, or until SIGINT/SIGTERM (the jobs then go back to the
 * queue; the server keeps their bytes). Prints the summary; returns the exit status (0 / 1 / 130).
 */
export async function runUntilIdle(
  ctx: CliContext,
  service: UploadService,
  inScope: (id: string) => boolean,
  mode: RunMode,
  skipped: number,
): Promise<number> {
  const detach = attachReporter(ctx, service, inScope, mode)
  service.start()
  // Paused jobs have not ended: the user may resume them from another process, so keep waiting.
  const ended = async (): Promise<'idle'> => {
    for (;;) {
      await service.waitForIdle()
      if (!service.list().some((j) => inScope(j.id) && j.state === 'paused')) return 'idle'
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
  const outcome = await Promise.race([ended(), ctx.interrupted.then(() => 'interrupted' as const)])
  // Before leaving, settle what this run left to undo remotely (cancelled uploads, damaged media), so a
  // damaged copy does not wait in the library for the next run. Each call has its own timeout.
  if (outcome === 'idle') await service.runCleanups().catch(() => 0)
  await service.stop()
  detach()
  const jobs = service.list().filter((j) => inScope(j.id))
  const summary = summarise(jobs, skipped)
  if (mode === 'json') ctx.stdout.write(JSON.stringify({ type: 'summary', ...summary }) + '\n')
  else
    ctx.stdout.write(
      `${summary.done} done, ${summary.failed} failed, ${summary.cancelled} cancelled, ${summary.skipped} skipped` +
        (summary.needsSignIn > 0 ? `, ${summary.needsSignIn} waiting for a sign-in` : '') +
        (outcome === 'interrupted' ? ' — interrupted; run `spool queue run` to finish' : '') +
        '\n',
    )
  if (summary.needsSignIn > 0)
    ctx.stderr.write(
      "spool: the destination refused the account's credentials. Run `spool account update NAME` with a new " +
        'key or sign-in; the waiting files continue with `spool queue run`.\n',
    )
  if (outcome === 'interrupted') return EXIT.interrupted
  return summary.failed > 0 || summary.needsSignIn > 0 ? EXIT.failed : EXIT.ok
}
