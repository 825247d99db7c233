import type { Command } from 'commander'
import { resolveUploadIdArg, wholeIdsOf } from '../ids.ts'
import type { UnusedUpload } from '../../../common/domain/media.ts'
import { CliExit, EXIT, type CliContext } from '../context.ts'
import { clientOptions, withLibrary, type ClientOptions } from '../library-context.ts'
import { confirm, formatDuration, printJson, printLines, printTable } from '../output.ts'

const left = (u: UnusedUpload): string =>
  u.expiresInSeconds === null ? '?' : u.expiresInSeconds <= 0 ? 'expired' : formatDuration(u.expiresInSeconds)

/** Registers `spool uploads unused|cancel`: abandoned direct uploads, crossed with the local queue. */
export function registerUploadsCommand(program: Command, ctx: CliContext): void {
  const uploads = program.command('uploads').description('direct uploads still waiting at the destination')

  clientOptions(
    uploads
      .command('unused')
      .description('waiting uploads: resumable here, orphaned or expired, with age and time left'),
  ).action(async (opts: ClientOptions) => {
    await withLibrary(ctx, opts, async ({ account, library }) => {
      const list = await library.unusedUploads(account)
      if (opts.json) return printJson(ctx, list)
      if (list.length === 0) return printLines(ctx, ['No unused uploads.'])
      printTable(
        ctx,
        ['UPLOAD ID', 'ORIGIN', 'AGE', 'LEFT', 'FILE'],
        list.map((u) => [
          u.uploadId,
          u.origin,
          formatDuration(u.ageSeconds),
          left(u),
          u.path ?? (Object.keys(u.metadata).length ? JSON.stringify(u.metadata) : '-'),
        ]),
        70,
      )
    })
  })

  clientOptions(
    uploads
      .command('cancel <uploadIds...>')
      .description('cancel waiting uploads at the destination')
      .option('-y, --yes', 'do not ask for confirmation'),
  ).action(async (ids: string[], opts: ClientOptions & { yes?: boolean }) => {
    await withLibrary(ctx, opts, async ({ account, library, destination }) => {
      // Short ids are resolved against the destination's own list of waiting uploads.
      const short = ids.some((id) => id.trim().length < 36)
      const known = short ? (await library.unusedUploads(account)).map((u) => u.uploadId) : []
      const whole = wholeIdsOf(destination.account.kind)
      const uploadIds = ids.map((id) => resolveUploadIdArg(id, known, whole))
      await confirm(ctx, `Cancel ${ids.length} upload(s)?`, opts.yes)
      const results = await library.cancelUploads(account, uploadIds)
      if (opts.json) printJson(ctx, results)
      else
        printLines(
          ctx,
          results.map((r) =>
            r.ok ? `${r.uploadId}: cancelled` : `${r.uploadId}: ${r.error?.message ?? 'failed'}`,
          ),
        )
      if (results.some((r) => !r.ok)) throw new CliExit(EXIT.failed)
    })
  })
}
