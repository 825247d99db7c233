import type { Command } from 'commander'
import { asAccountName, type AccountName } from '../../common/domain/ids.ts'
import type { AccountService } from '../accounts/account-service.ts'
import type { Destination } from '../accounts/destination.ts'
import type { WritableDb } from '../db/database.ts'
import { createLibraryService, type LibraryService } from '../library/library-service.ts'
import type { LocalUploadJob } from '../library/unused-uploads.ts'
import { lookupUpload } from '../uploads/lookup.ts'
import type { CliContext } from './context.ts'
import { openCliHome } from './home.ts'
import type { SpoolHome } from '../home.ts'
import { runCommand } from './output.ts'

/** Options every client command takes. */
export type ClientOptions = Readonly<{ account?: string; json?: boolean }>

/** What a library command works with. */
export type LibraryScope = Readonly<{
  db: WritableDb
  destination: Destination
  /** The cache key of the destination (the account name; `env:<api url>` for the FASTPIX_* variables). */
  account: AccountName
  library: LibraryService
}>

/** Adds `--account NAME` and `--json` to a client command. */
export function clientOptions(command: Command): Command {
  return command
    .option(
      '--account <name>',
      'the account to use (default: the FASTPIX_* or PEERTUBE_* variables, else the local sandbox)',
    )
    .option('--json', 'print exactly one JSON value on stdout')
}

/** What the local upload queue knows about an upload id (a session it still holds can be resumed here). */
export function queueLookup(db: WritableDb): (uploadId: string) => LocalUploadJob | null {
  return (uploadId) => lookupUpload(db, uploadId)
}

/** Runs a library command against the resolved destination, closing everything afterwards. */
export async function withLibrary(
  ctx: CliContext,
  options: ClientOptions,
  body: (scope: LibraryScope) => Promise<void>,
): Promise<void> {
  await runCommand(ctx, options.json, async () => {
    const home = openCliHome(ctx)
    try {
      const dest = await home.destination(options.account)
      const account = asAccountName(
        dest.account.name === 'env' ? `env:${dest.account.apiUrl}` : dest.account.name,
      )
      const library = createLibraryService({
        db: home.db,
        providerFor: () => dest.provider,
        lookupJobByUploadId: queueLookup(home.db),
      })
      await body({ db: home.db, destination: dest, account, library })
    } finally {
      await home.close()
    }
  })
}

/** Runs an account command with the account service. */
export async function withAccounts(
  ctx: CliContext,
  json: boolean | undefined,
  body: (accounts: AccountService, home: SpoolHome) => Promise<void>,
): Promise<void> {
  await runCommand(ctx, json, async () => {
    const home = openCliHome(ctx)
    try {
      await body(home.accounts, home)
    } finally {
      await home.close()
    }
  })
}
