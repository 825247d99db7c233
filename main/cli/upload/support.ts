import { resolveDestination, type Destination } from '../../accounts/destination.ts'
import { createKeytarSecretStore } from '../../accounts/keytar-secret-store.ts'
import { secretKeys, type SecretStore } from '../../accounts/secret-store.ts'
import { openDatabase, type WritableDb } from '../../db/database.ts'
import { logToFile } from '../../logging/log.ts'
import { homeLayout, spoolHome } from '../../paths.ts'
import type { UploadPort } from '../../providers/provider.ts'
import type { CliContext } from '../context.ts'

/** What the `upload` and `queue` commands share: the home's database, the keychain, destinations by account. */
export type UploadCliEnv = Readonly<{
  home: string
  db: WritableDb
  secrets: SecretStore
  /** Resolves (once) the destination of an account name as stored on jobs ('env' = FASTPIX_* variables). */
  destinationFor(account?: string): Promise<Destination>
  portFor(account: string): Promise<UploadPort>
  /**
   * Reads the session key from the keychain once, before anything is queued or run. Without the keychain no
   * job can store its session, and a runner would only wait and retry (right for the app, where the user can
   * unlock it); a script gets 'auth/keychain-unavailable' at once instead of a silent wait.
   */
  requireKeychain(): Promise<void>
  close(): Promise<void>
}>

const USER_AGENT = 'Spool/0.1 (cli upload)'

/** Opens the Spool home for upload commands; `close()` releases destinations and the database. */
export function openUploadCli(ctx: CliContext): UploadCliEnv {
  const home = spoolHome(ctx.env)
  logToFile(homeLayout(home).logFile)
  const db = openDatabase(homeLayout(home).database)
  const secrets = createKeytarSecretStore()
  const destinations = new Map<string, Promise<Destination>>()
  const ports = new Map<string, UploadPort>()
  const destinationFor = (account?: string): Promise<Destination> => {
    const key = account ?? '(default)'
    let d = destinations.get(key)
    if (!d) {
      const accountName = account === undefined || account === 'env' ? undefined : account
      const resolved = resolveDestination({
        ...(accountName ? { accountName } : {}),
        env: ctx.env,
        home,
        secrets,
        db,
        userAgent: USER_AGENT,
      })
      d = resolved
      destinations.set(key, resolved)
      // The default destination is also known by its resolved name (what jobs store), so it opens once.
      void resolved.then(
        (dest) => {
          if (!destinations.has(dest.account.name)) destinations.set(dest.account.name, resolved)
        },
        () => {},
      )
    }
    return d
  }
  return {
    home,
    db,
    secrets,
    destinationFor,
    async portFor(account) {
      const cached = ports.get(account)
      if (cached) return cached
      const port = (await destinationFor(account)).provider.uploads
      ports.set(account, port)
      return port
    },
    async requireKeychain() {
      await secrets.get(secretKeys.sessionVaultKey)
    },
    async close() {
      for (const d of new Set(destinations.values())) await (await d.catch(() => null))?.close()
      db.close()
    },
  }
}
