import type { Command } from 'commander'
import { asAccountName, type AccountName } from '../../common/domain/ids.ts'
import { createAccountService, type AccountService } from '../accounts/account-service.ts'
import { resolveDestination, type Destination } from '../accounts/destination.ts'
import { createKeytarSecretStore } from '../accounts/keytar-secret-store.ts'
import { openDatabase, type WritableDb } from '../db/database.ts'
import { createLibraryService, type LibraryService } from '../library/library-service.ts'
import type { LocalUploadJob } from '../library/unused-uploads.ts'
import { logToFile } from '../logging/log.ts'
import { homeLayout, spoolHome } from '../paths.ts'
import { lookupUpload } from '../uploads/lookup.ts'
import type { CliContext } from './context.ts'
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

const USER_AGENT = 'Spool/0.1 (cli)'

function openHome(ctx: CliContext): { home: string; db: WritableDb } {
  const home = spoolHome(ctx.env)
  logToFile(homeLayout(home).logFile)
  return { home, db: openDatabase(homeLayout(home).database) }
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
    const { home, db } = openHome(ctx)
    let destination: Destination | null = null
    try {
      destination = await resolveDestination({
        ...(options.account !== undefined ? { accountName: options.account } : {}),
        env: ctx.env,
        home,
        secrets: createKeytarSecretStore(),
        db,
        userAgent: USER_AGENT,
      })
      const dest = destination
      const account = asAccountName(
        dest.account.name === 'env' ? `env:${dest.account.apiUrl}` : dest.account.name,
      )
      const library = createLibraryService({
        db,
        providerFor: () => dest.provider,
        lookupJobByUploadId: queueLookup(db),
      })
      await body({ db, destination: dest, account, library })
    } finally {
      await destination?.close()
      db.close()
    }
  })
}

/** Runs an account command with the account service. */
export async function withAccounts(
  ctx: CliContext,
  json: boolean | undefined,
  body: (accounts: AccountService) => Promise<void>,
): Promise<void> {
  await runCommand(ctx, json, async () => {
    const { home, db } = openHome(ctx)
    try {
      await body(
        createAccountService({
          db,
          secrets: createKeytarSecretStore(),
          env: ctx.env,
          home,
          userAgent: USER_AGENT,
        }),
      )
    } finally {
      db.close()
    }
  })
}
