import type { Command } from 'commander'
import type { CliContext } from '../context.ts'
import { CliExit, EXIT } from '../context.ts'
import { printJson, printTable, runCommand } from '../output.ts'
import type { JobSelection, UploadJob } from '../../../common/domain/upload.ts'
import { asJobId } from '../../../common/domain/ids.ts'
import { openUploadCli } from '../upload/support.ts'
import { cliService, runMode, runUntilIdle } from '../upload/run.ts'
import { jobLine } from '../upload/reporter.ts'
import { runCleanups } from '../../uploads/cleanups.ts'
import { createSessionVault } from '../../uploads/session-vault.ts'
import { listRows } from '../../uploads/repository.ts'
import { redact } from '../../logging/redact.ts'
import { registerRelocateCommand, warnMissingFiles } from './queue-relocate.ts'
import { isWorthAnotherRun } from '../../../common/domain/upload-policy.ts'

type ControlOptions = { all?: boolean; json?: boolean }

/** Turns ids (full, or a unique prefix of ≥ 4 characters) or --all into a selection. */
export function selectionFrom(
  ids: ReadonlyArray<string>,
  all: boolean | undefined,
  known: ReadonlyArray<string>,
): JobSelection {
  if (all) return { all: true }
  if (ids.length === 0) throw new CliExit(EXIT.usage, 'spool queue: give job ids or --all')
  return {
    ids: ids.map((given) => {
      if (known.includes(given)) return asJobId(given)
      const hits = given.length >= 4 ? known.filter((k) => k.startsWith(given)) : []
      if (hits.length !== 1) throw new CliExit(EXIT.usage, `spool queue: no single job matches "${given}"`)
      return asJobId(hits[0]!)
    }),
  }
}

const pct = (j: UploadJob): string => (j.size ? `${Math.floor((100 * j.bytesAcked) / j.size)}%` : '-')

/** Registers `spool queue list|run|pause|resume|cancel|retry|clear` (issue 3 §5). */
export function registerQueueCommand(program: Command, ctx: CliContext): void {
  const queue = program.command('queue').description('the persistent upload queue shared with the app')

  queue
    .command('list')
    .description('every job with its state and progress')
    .option('--json', 'one JSON array')
    .action(async (opts: { json?: boolean }) => {
      await runCommand(ctx, opts.json, async () => {
        const env = openUploadCli(ctx)
        try {
          const jobs = cliService(env, {}, null).list()
          if (opts.json)
            return printJson(
              ctx,
              jobs.map((j) => jobLine(j)),
            )
          printTable(
            ctx,
            ['ID', 'STATE', 'DONE', 'SIZE', 'MEDIA', 'FILE', 'ERROR'],
            jobs.map((j) => [
              j.id.slice(0, 8),
              j.state,
              pct(j),
              String(j.size),
              j.mediaId ? j.mediaId.slice(0, 8) : '-',
              j.path,
              j.state === 'done' ? '' : redact(j.error?.message ?? ''),
            ]),
            80,
          )
        } finally {
          await env.close()
        }
      })
    })

  queue
    .command('run')
    .description('finish every unfinished job (after a crash, or a server that kept failing), then exit')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      await runCommand(ctx, opts.json, async () => {
        const env = openUploadCli(ctx, { keychainFirst: true })
        try {
          await env.requireKeychain()
          const service = cliService(env, {}, null)
          // Jobs that stopped only because trying again had not helped yet (a spent server-error budget)
          // are what this command is for: they go back to the queue first.
          const again = service.list().filter((j) => isWorthAnotherRun(j.state, j.error))
          if (again.length > 0) service.retry({ ids: again.map((j) => j.id) })
          await warnMissingFiles(ctx, env.db)
          // Manifest rows of these jobs get their results (and captions, schedule…) as the jobs finish.
          const manifests = env.watchManifests(service)
          const status = await runUntilIdle(ctx, service, () => true, runMode(ctx, opts.json), 0)
          await manifests.settle()
          manifests.detach()
          if (status !== EXIT.ok) throw new CliExit(status)
        } finally {
          await env.close()
        }
      })
    })

  const control = (verb: 'pause' | 'resume' | 'cancel' | 'retry', what: string): void => {
    queue
      .command(verb)
      .description(what)
      .argument('[ids...]', 'job ids (or unique prefixes)')
      .option('--all', 'every job')
      .option('--json', 'print the affected jobs as one JSON array')
      .action(async (ids: string[], opts: ControlOptions) => {
        await runCommand(ctx, opts.json, async () => {
          const env = openUploadCli(ctx)
          try {
            const service = cliService(env, {}, null)
            const known = listRows(env.db).map((r) => r.id)
            const changed = service[verb](selectionFrom(ids, opts.all, known))
            // A cancel is also sent to the server now; a process running the queue would do it within a second.
            if (verb === 'cancel' && changed.length > 0)
              await runCleanups(env.db, createSessionVault(env.secrets), (a) => env.portFor(a)).catch(() => 0)
            if (opts.json)
              return printJson(
                ctx,
                changed.map((j) => jobLine(j)),
              )
            const past = { pause: 'paused', resume: 'resumed', cancel: 'cancelled', retry: 'queued again' }[
              verb
            ]
            ctx.stdout.write(`${changed.length} job(s) ${past}\n`)
          } finally {
            await env.close()
          }
        })
      })
  }
  control('pause', 'stop issuing chunks for these jobs (aborts the request in flight)')
  control('resume', 'continue paused jobs from where the server stands')
  control('cancel', 'cancel jobs: abort, cancel the upload at the destination, forget the session')
  control('retry', 'queue failed or cancelled jobs again')

  queue
    .command('clear')
    .description('remove finished jobs from the list')
    .requiredOption('--done', 'remove done and cancelled jobs')
    .option('--json', 'print {"removed": N}')
    .action(async (opts: { json?: boolean }) => {
      await runCommand(ctx, opts.json, async () => {
        const env = openUploadCli(ctx)
        try {
          const removed = cliService(env, {}, null).clearDone().length
          if (opts.json) printJson(ctx, { removed })
          else ctx.stdout.write(`${removed} job(s) removed\n`)
        } finally {
          await env.close()
        }
      })
    })

  registerRelocateCommand(queue, ctx)
}
