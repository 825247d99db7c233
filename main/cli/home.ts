import { createKeytarSecretStore } from '../accounts/keytar-secret-store.ts'
import type { SecretStore } from '../accounts/secret-store.ts'
import { openSpoolHome, type SpoolHome } from '../home.ts'
import { spoolHome } from '../paths.ts'
import { userAgent } from '../version.ts'
import type { CliContext } from './context.ts'

/** The Spool home of a CLI command (SPOOL_HOME or the OS default), with the real keychain and the log file. */
export function openCliHome(ctx: CliContext, secrets: SecretStore = createKeytarSecretStore()): SpoolHome {
  return openSpoolHome({
    home: spoolHome(ctx.env),
    env: ctx.env,
    secrets,
    userAgent: userAgent('cli'),
    logToHome: true,
  })
}
