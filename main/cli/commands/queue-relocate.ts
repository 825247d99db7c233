import type { Command } from 'commander'
import { existsSync, statSync } from 'node:fs'
import { dirname, sep } from 'node:path'
import type { CliContext } from '../context.ts'
import { CliExit, EXIT } from '../context.ts'
import { printJson, runCommand } from '../output.ts'
import { openUploadCli } from '../upload/support.ts'
import type { WritableDb } from '../../db/database.ts'
import { fileIsGone, isRelocatable, relocate } from '../../uploads/relocate.ts'
import { listJobs } from '../../uploads/repository.ts'

/**
 * `spool queue relocate OLD NEW` (issue 13 §1): a camera card mounted again at another path, a folder renamed
 * or moved while its files were queued. The unfinished jobs whose files were under OLD are found under NEW by
 * their content and continue from the bytes already sent; `spool upload NEW` does the same for the files it
 * is given. `spool queue run` names the missing files and suggests this command.
 */
export function registerRelocateCommand(queue: Command, ctx: CliContext): void {
  queue
    .command('relocate')
    .description(
      'the files of unfinished jobs moved (a card mounted elsewhere): find them under NEW by content',
    )
    .argument('<old>', 'where the files were when they were queued (a folder)')
    .argument('<new>', 'the folder they are in now')
    .option('--json', 'print {"moved": [...], "notFound": [...]}')
    .action(async (from: string, to: string, opts: { json?: boolean }) => {
      if (!existsSync(to) || !statSync(to).isDirectory())
        throw new CliExit(EXIT.usage, `spool queue relocate: no such folder: ${JSON.stringify(to)}`)
      await runCommand(ctx, opts.json, async () => {
        const env = openUploadCli(ctx)
        try {
          const report = await relocate(env.db, from, to, Date.now())
          if (opts.json) printJson(ctx, report)
          else {
            for (const m of report.moved) {
              const sent = m.size ? Math.floor((100 * m.bytesAcked) / m.size) : 0
              ctx.stdout.write(
                `moved               ${m.from} → ${m.to} (job ${m.jobId.slice(0, 8)}, ${sent}% sent)\n`,
              )
            }
            for (const n of report.notFound)
              ctx.stdout.write(`not found           ${n.path} — no file with its content under ${to}\n`)
            ctx.stdout.write(
              report.moved.length + report.notFound.length === 0
                ? `No unfinished job has a missing file under ${from}.\n`
                : `${report.moved.length} job(s) moved; \`spool queue run\` continues them.\n`,
            )
          }
          if (report.notFound.length > 0) throw new CliExit(EXIT.failed)
        } finally {
          await env.close()
        }
      })
    })
}

/**
 * Before a queue run: the unfinished jobs whose files are no longer where they were queued, said in one
 * place with what to do, instead of one "source missing" per file later.
 */
export async function warnMissingFiles(ctx: CliContext, db: WritableDb): Promise<void> {
  const missing: string[] = []
  for (const job of listJobs(db)) if (isRelocatable(job) && (await fileIsGone(job))) missing.push(job.path)
  if (missing.length === 0) return
  const folder = commonFolder(missing)
  ctx.stderr.write(
    `spool: ${missing.length} queued file(s) are no longer where they were (under ${folder}). If the card or ` +
      `folder is now elsewhere: spool queue relocate ${JSON.stringify(folder)} NEW-FOLDER, or spool upload ` +
      'NEW-FOLDER (it finds them by content); their uploads continue from the bytes already sent.\n',
  )
}

/** The deepest folder holding every path. */
function commonFolder(paths: ReadonlyArray<string>): string {
  let folder = dirname(paths[0]!)
  const holds = (p: string): boolean => p.startsWith(folder.endsWith(sep) ? folder : folder + sep)
  while (!paths.every(holds) && dirname(folder) !== folder) folder = dirname(folder)
  return folder
}
