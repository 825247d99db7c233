import type { AccountName } from '../common/domain/ids.ts'
import { createAccountService, type AccountService } from './accounts/account-service.ts'
import { resolveDestination, type Destination } from './accounts/destination.ts'
import type { SecretStore } from './accounts/secret-store.ts'
import { createSettingsStore } from './accounts/settings-store.ts'
import { openDatabase, type WritableDb } from './db/database.ts'
import { logToFile } from './logging/log.ts'
import { homeLayout } from './paths.ts'
import { attachManifestWriteBack, type JobChanges, type ManifestWriteBack } from './manifest/watch.ts'
import type { Provider } from './providers/provider.ts'

/**
 * One opened Spool home (ARCHITECTURE.md §2): its database, the keychain, accounts and settings, and the
 * destinations opened from it — one per account, opened once and kept until `close`. The desktop core, the
 * CLI and the e2e harness all open homes here, with one user agent per surface; each builds the services it
 * needs over it, so a command loads only what it uses.
 */
export type SpoolHome = Readonly<{
  home: string
  db: WritableDb
  secrets: SecretStore
  accounts: AccountService
  settings: ReturnType<typeof createSettingsStore>
  userAgent: string
  /**
   * The destination of an account name; without one, the default (the FASTPIX_* or PEERTUBE_* variables, else
   * the built-in sandbox), which is then also known by the name it resolved to ('env' for the variables).
   */
  destination(name?: string): Promise<Destination>
  providerFor(name: AccountName): Promise<Provider>
  /**
   * Writes manifest results back (issue 15) as the jobs of this process's queue change, and catches up on
   * what an earlier process left (killed mid-batch): every host that runs the queue calls it once.
   */
  watchManifests(changes: JobChanges): ManifestWriteBack
  /** Closes an account's destination (after removal, a new key or a new sign-in); reopened on next use. */
  forget(name: string): Promise<void>
  close(): Promise<void>
}>

export type OpenHomeOptions = Readonly<{
  home: string
  env: NodeJS.ProcessEnv
  secrets: SecretStore
  userAgent: string
  /** Write the log to `<home>/logs/spool.log` (the CLI and the app do; tests may not). */
  logToHome?: boolean
}>

export function openSpoolHome(o: OpenHomeOptions): SpoolHome {
  if (o.logToHome) logToFile(homeLayout(o.home).logFile)
  const db = openDatabase(homeLayout(o.home).database)
  const accounts = createAccountService({
    db,
    secrets: o.secrets,
    env: o.env,
    home: o.home,
    userAgent: o.userAgent,
  })
  const settings = createSettingsStore(db)
  const opened = new Map<string, Promise<Destination>>()
  const DEFAULT = '(default)'

  const destination = (name?: string): Promise<Destination> => {
    const key = name === undefined || name === 'env' ? DEFAULT : name
    const known = opened.get(key)
    if (known) return known
    const resolved = resolveDestination({
      ...(key === DEFAULT ? {} : { accountName: key }),
      env: o.env,
      home: o.home,
      secrets: o.secrets,
      db,
      userAgent: o.userAgent,
    })
    opened.set(key, resolved)
    resolved.then(
      // The default destination is also known by the name it resolved to (what jobs store).
      (d) => void (key === DEFAULT && !opened.has(d.account.name) && opened.set(d.account.name, resolved)),
      () => void (opened.get(key) === resolved && opened.delete(key)),
    )
    return resolved
  }

  return {
    home: o.home,
    db,
    secrets: o.secrets,
    accounts,
    settings,
    userAgent: o.userAgent,
    destination,
    providerFor: async (name) => (await destination(name)).provider,
    watchManifests: (changes) => attachManifestWriteBack(db, changes, destination),
    async forget(name) {
      const d = opened.get(name)
      opened.delete(name)
      await d?.then((x) => x.close()).catch(() => undefined)
    },
    async close() {
      for (const d of new Set(opened.values())) await d.then((x) => x.close()).catch(() => undefined)
      opened.clear()
      db.close()
    },
  }
}
