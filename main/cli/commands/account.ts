import type { Command } from 'commander'
import type { AccountSummary } from '../../../common/domain/account.ts'
import { DEFAULT_API_URL } from '../../accounts/destination.ts'
import { CliExit, EXIT, type CliContext } from '../context.ts'
import { withAccounts } from '../library-context.ts'
import { fail } from '../../../common/ipc/result.ts'
import type { AccountService } from '../../accounts/account-service.ts'
import { hasReason } from '../../providers/peertube/errors.ts'
import { wakeSignedIn } from '../../uploads/repository.ts'
import { writeSidecarUrlBase } from '../../manifest/sidecar-url-base.ts'
import {
  confirm,
  printJson,
  printLines,
  printTable,
  readCredentialPair,
  readPeerTubeSecrets,
} from '../output.ts'

type JsonOpt = { json?: boolean }
type AddOptions = JsonOpt & {
  provider: string
  apiUrl?: string
  streamUrl?: string
  username?: string
  trustFingerprint?: string
}
type UpdateOptions = JsonOpt & {
  apiUrl?: string
  streamUrl?: string
  username?: string
  keepCredentials?: boolean
  trustFingerprint?: string
  sidecarUrlBase?: string
}

/**
 * Runs a PeerTube sign-in; when the instance's certificate cannot be verified, shows it (subject and SHA-256
 * fingerprint) and runs it again trusting exactly that certificate once the user confirms on the terminal.
 * Without a terminal the fingerprint must be given (`--trust-fingerprint`): nothing is trusted unasked
 * (with --json the typed failure is printed: `auth/untrusted-certificate`, the fingerprint as `detail`).
 */
async function withCertificateTrust<T>(
  ctx: CliContext,
  name: string,
  opts: Readonly<{ trustFingerprint?: string; json?: boolean }>,
  signIn: (trustFingerprint: string | undefined) => Promise<T>,
): Promise<T> {
  const given = opts.trustFingerprint
  try {
    return await signIn(given)
  } catch (caught) {
    const fingerprint = hasReason(caught, 'certificate-untrusted') ? caught.appError.detail : undefined
    if (given !== undefined || !fingerprint) throw caught
    const shown = hasReason(caught, 'certificate-untrusted') ? caught.appError.message : ''
    if (!ctx.stdin.isTTY && opts.json) throw caught
    if (!ctx.stdin.isTTY)
      throw new CliExit(
        EXIT.usage,
        `spool: ${shown}\nspool: to trust it for "${name}", run the command again with --trust-fingerprint ${fingerprint}`,
      )
    ctx.stderr.write(`${shown}\n`)
    await confirm(ctx, `Trust this certificate (and only this one) for account "${name}"?`, false)
    return signIn(fingerprint)
  }
}

/** Signs in to PeerTube: asks for the one-time code only when the instance says the user needs one. */
async function addPeerTube(
  ctx: CliContext,
  accounts: AccountService,
  name: string,
  opts: AddOptions,
): Promise<AccountSummary> {
  if (!opts.apiUrl) fail('input/invalid', 'Give the instance with --api-url https://videos.example.')
  if (!opts.username) fail('input/invalid', 'Give the user to sign in as with --username NAME.')
  const secrets = await readPeerTubeSecrets(ctx)
  const base = { name, instanceUrl: opts.apiUrl, username: opts.username, password: secrets.password }
  return withCertificateTrust(ctx, name, opts, async (trustFingerprint) => {
    const input = { ...base, ...(trustFingerprint ? { trustFingerprint } : {}) }
    try {
      return await accounts.addPeerTube(input)
    } catch (caught) {
      if (!hasReason(caught, 'otp-required')) throw caught
      return accounts.addPeerTube({ ...input, otp: await secrets.otp() })
    }
  })
}

function table(ctx: CliContext, accounts: ReadonlyArray<AccountSummary>): void {
  printTable(
    ctx,
    ['', 'NAME', 'KIND', 'API URL', 'USER / TOKEN'],
    accounts.map((a) => [
      a.selected ? '*' : '',
      a.builtIn ? `${a.name} (built-in)` : a.name,
      a.kind,
      a.apiUrl,
      a.username ?? a.tokenIdHint ?? '-',
    ]),
    64,
  )
}

/** Registers `spool account add|list|test|remove|select`. Secrets go only to the OS keychain. */
export function registerAccountCommand(program: Command, ctx: CliContext): void {
  const account = program
    .command('account')
    .description('FastPix and PeerTube accounts (keys and tokens live in the OS keychain)')

  account
    .command('add <name>')
    .description(
      'add an account. FastPix: Access Token ID and Secret Key from a hidden prompt or two lines on stdin. ' +
        'PeerTube: the password (and one-time code when asked) the same way; only tokens are kept',
    )
    .option('--provider <kind>', 'fastpix or peertube', 'fastpix')
    .option('--api-url <url>', 'FastPix: API base URL; PeerTube: the instance URL (https://videos.example)')
    .option('--stream-url <url>', 'FastPix: stream base URL')
    .option('--username <name>', 'PeerTube: the user to sign in as')
    .option(
      '--trust-fingerprint <sha256>',
      "PeerTube: trust the instance's own (self-signed) certificate with this SHA-256 fingerprint",
    )
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: AddOptions) => {
      await withAccounts(ctx, opts.json, async (accounts) => {
        if (opts.provider === 'peertube') {
          const added = await addPeerTube(ctx, accounts, name, opts)
          if (opts.json) printJson(ctx, added)
          else
            printLines(ctx, [
              `Account "${added.name}" signed in as ${added.username ?? '?'} and saved (tokens in the keychain; the password is not kept).`,
              ...(added.certificateFingerprint
                ? [`It trusts only the certificate ${added.certificateFingerprint}.`]
                : []),
            ])
          return
        }
        if (opts.provider !== 'fastpix')
          fail('input/invalid', `Unknown provider "${opts.provider}": use fastpix or peertube.`)
        const { tokenId, secretKey } = await readCredentialPair(ctx)
        const added = await accounts.add({
          name,
          apiUrl: opts.apiUrl ?? DEFAULT_API_URL,
          tokenId,
          secretKey,
          ...(opts.streamUrl ? { streamUrl: opts.streamUrl } : {}),
        })
        if (opts.json) printJson(ctx, added)
        else printLines(ctx, [`Account "${added.name}" verified and saved (secret in the keychain).`])
      })
    })

  account
    .command('update <name>')
    .description(
      'change an account: FastPix — a new Access Token ID and Secret Key (prompted, or two lines on stdin) ' +
        'and/or URLs; PeerTube — sign in again (password prompted) and/or a new instance URL or user. ' +
        'The change is verified before it replaces anything',
    )
    .option('--api-url <url>', 'FastPix: a new API base URL; PeerTube: a new instance URL')
    .option('--stream-url <url>', 'FastPix: a new stream base URL')
    .option('--username <name>', 'PeerTube: sign in as another user')
    .option(
      '--trust-fingerprint <sha256>',
      "PeerTube: trust the instance's own (self-signed) certificate with this SHA-256 fingerprint",
    )
    .option('--keep-credentials', 'FastPix: keep the stored key pair (change only URLs)')
    .option(
      '--sidecar-url-base <url>',
      'FastPix: where the folders of your manifests are served from, so captions beside videos can be added as tracks by URL ("" to remove); alone, changes nothing else',
    )
    .option('--json', 'print exactly one JSON value on stdout')
    .action(async (name: string, opts: UpdateOptions) => {
      await withAccounts(ctx, opts.json, async (accounts, home) => {
        if (opts.sidecarUrlBase !== undefined) {
          if (!accounts.list().some((a) => a.name === name)) await accounts.update(name, {}) // the precise reason
          writeSidecarUrlBase(home.db, name, opts.sidecarUrlBase)
          const changesMore = opts.apiUrl ?? opts.streamUrl ?? opts.username ?? opts.keepCredentials
          if (changesMore === undefined) {
            if (opts.json) printJson(ctx, { name, sidecarUrlBase: opts.sidecarUrlBase || null })
            else
              printLines(ctx, [
                opts.sidecarUrlBase
                  ? `Account "${name}": sidecars are served from ${opts.sidecarUrlBase}.`
                  : `Account "${name}": no sidecar URL base.`,
              ])
            return
          }
        }
        const current = accounts.list().find((a) => a.name === name && !a.builtIn)
        if (!current) await accounts.update(name, {}) // throws the precise reason (built-in / unknown)
        const urls = {
          ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
          ...(opts.streamUrl ? { streamUrl: opts.streamUrl } : {}),
        }
        let updated: AccountSummary
        if (current?.kind === 'peertube') {
          const secrets = await readPeerTubeSecrets(ctx)
          const base = {
            ...urls,
            ...(opts.username ? { username: opts.username } : {}),
            password: secrets.password,
          }
          updated = await withCertificateTrust(ctx, name, opts, async (trust) => {
            const patch = { ...base, ...(trust ? { trustFingerprint: trust } : {}) }
            try {
              return await accounts.update(name, patch)
            } catch (caught) {
              if (!hasReason(caught, 'otp-required')) throw caught
              return accounts.update(name, { ...patch, otp: await secrets.otp() })
            }
          })
        } else {
          const pair = opts.keepCredentials ? {} : await readCredentialPair(ctx)
          updated = await accounts.update(name, { ...urls, ...pair })
        }
        // Files that waited for this account's sign-in go back to the queue (the app runs them at once).
        const requeued = wakeSignedIn(home.db, name, Date.now()).length
        if (opts.json) printJson(ctx, { ...updated, requeued })
        else
          printLines(ctx, [
            `Account "${name}" verified and updated.`,
            ...(requeued > 0
              ? [
                  `${requeued} file(s) that waited for this sign-in are queued again: \`spool queue run\` finishes them.`,
                ]
              : []),
          ])
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
