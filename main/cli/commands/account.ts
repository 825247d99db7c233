import type { Command } from 'commander'
import type { AccountSummary } from '../../../common/domain/account.ts'
import { DEFAULT_API_URL } from '../../accounts/destination.ts'
import type { CliContext } from '../context.ts'
import { withAccounts } from '../library-context.ts'
import { confirm, printJson, printLines, printTable, readCredentialPair } from '../output.ts'

type JsonOpt = { json?: boolean }

function table(ctx: CliContext, accounts: ReadonlyArray<AccountSummary>): void {
  printTable(
    ctx,
    ['', 'NAME', 'KIND', 'API URL', 'TOKEN'],
    accounts.map((a) => [
      a.selected ? '*' : '',
      a.builtIn ? `${a.name} (built-in)` : a.name,
      a.kind,
      a.apiUrl,
      a.tokenIdHint ?? '-',
    ]),
    64,
  )
}

/** Registers `spool account add|list|test|remove|select`. Secrets go only to the OS keychain. */
export function registerAccountCommand(program: Command, ctx: CliContext): void {
  const account = program
    .command('account')
    .description('FastPix accounts (Secret Keys live in the OS keychain)')

  account
    .command('add <name>')
    .description('add an account: Access Token ID and Secret Key from a hidden prompt or two lines on stdin')
    .option('--api-url <url>', 'API base URL', DEFAULT_API_URL)
    .option('--stream-url <url>', 'stream base URL')
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: { apiUrl: string; streamUrl?: string } & JsonOpt) => {
      await withAccounts(ctx, opts.json, async (accounts) => {
        const { tokenId, secretKey } = await readCredentialPair(ctx)
        const added = await accounts.add({
          name,
          apiUrl: opts.apiUrl,
          tokenId,
          secretKey,
          ...(opts.streamUrl ? { streamUrl: opts.streamUrl } : {}),
        })
        if (opts.json) printJson(ctx, added)
        else printLines(ctx, [`Account "${added.name}" verified and saved (secret in the keychain).`])
      })
    })

  account
    .command('list')
    .description('list accounts (* = selected)')
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (opts: JsonOpt) => {
      await withAccounts(ctx, opts.json, (accounts) => {
        const list = accounts.list()
        if (opts.json) printJson(ctx, list)
        else table(ctx, list)
        return Promise.resolve()
      })
    })

  account
    .command('test <name>')
    .description('check that the account answers an authenticated call')
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: JsonOpt) => {
      await withAccounts(ctx, opts.json, async (accounts) => {
        const result = await accounts.test(name)
        if (opts.json) printJson(ctx, { ok: true, ...result })
        else printLines(ctx, [`Account "${name}" works: ${result.mediaCount} media in the library.`])
      })
    })

  account
    .command('select <name>')
    .description('make an account the default of the desktop app')
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: JsonOpt) => {
      await withAccounts(ctx, opts.json, (accounts) => {
        const selected = accounts.select(name)
        if (opts.json) printJson(ctx, selected)
        else printLines(ctx, [`Account "${name}" selected.`])
        return Promise.resolve()
      })
    })

  account
    .command('remove <name>')
    .description('remove an account and its keychain entries')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: { yes?: boolean } & JsonOpt) => {
      await withAccounts(ctx, opts.json, async (accounts) => {
        if (!accounts.list().some((a) => a.name === name && !a.builtIn)) {
          await accounts.remove(name) // throws the precise reason (built-in / unknown)
        }
        await confirm(ctx, `Remove account "${name}" and its keychain entries?`, opts.yes)
        await accounts.remove(name)
        if (opts.json) printJson(ctx, { removed: name })
        else printLines(ctx, [`Account "${name}" removed.`])
      })
    })
}
