import type { Destination } from '../../accounts/destination.ts'
import { createKeytarSecretStore } from '../../accounts/keytar-secret-store.ts'
import { secretKeys, type SecretStore } from '../../accounts/secret-store.ts'
import type { WritableDb } from '../../db/database.ts'
import type { UploadPort } from '../../providers/provider.ts'
import type { CliContext } from '../context.ts'
import { openCliHome } from '../home.ts'
import type { SpoolHome } from '../../home.ts'

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
  /** Manifest write-back for a service that runs the queue (see SpoolHome.watchManifests). */
  watchManifests: SpoolHome['watchManifests']
  close(): Promise<void>
}>

/**
 * Opens the Spool home for upload commands; `close()` releases destinations and the database. With
 * `keychainFirst` (commands that call `requireKeychain`), the keychain is asked before the database opens:
 * it answers from another thread (D-Bus), so its wait overlaps the database's.
 */
export function openUploadCli(ctx: CliContext, options: { keychainFirst?: boolean } = {}): UploadCliEnv {
  const secrets = createKeytarSecretStore()
  const keychain = options.keychainFirst ? secrets.get(secretKeys.sessionVaultKey) : null
  keychain?.catch(() => undefined) // reported by requireKeychain; the database may fail to open first
  const home = openCliHome(ctx, secrets)
  return {
    home: home.home,
    db: home.db,
    secrets: home.secrets,
    destinationFor: (account) => home.destination(account),
    portFor: async (account) => (await home.destination(account)).provider.uploads,
    async requireKeychain() {
      await (keychain ?? home.secrets.get(secretKeys.sessionVaultKey))
    },
    watchManifests: (changes) => home.watchManifests(changes),
    close: () => home.close(),
  }
}
