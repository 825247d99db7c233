import { createRequire } from 'node:module'
import { AppFailure, appError } from '../../common/ipc/result.ts'
import { createLogger } from '../logging/log.ts'
import { registerSecret } from '../logging/redact.ts'
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store.ts'

type Keytar = Readonly<{
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}>

const log = createLogger('keychain')
const require = createRequire(import.meta.url)

/** The one message shown whenever the OS keychain cannot be reached; Spool never falls back to a file. */
export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'The system keychain is not available (locked, or no Secret Service is running). Spool keeps Secret Keys ' +
  'only in the keychain, so unlock it or start a keyring (e.g. gnome-keyring) and try again.'

function unavailable(caught: unknown): AppFailure {
  const detail = caught instanceof Error ? caught.message : String(caught)
  log.warn('keychain unavailable', { detail })
  return new AppFailure(appError('auth/keychain-unavailable', KEYCHAIN_UNAVAILABLE_MESSAGE, { detail }))
}

let loaded: Keytar | null = null
function keytar(): Keytar {
  if (loaded) return loaded
  try {
    loaded = require('keytar') as Keytar
    return loaded
  } catch (caught) {
    throw unavailable(caught)
  }
}

/**
 * The production SecretStore: keytar under the service "Spool". Any failure of the keychain (no D-Bus, no
 * Secret Service, a locked collection, a missing native module) becomes 'auth/keychain-unavailable'.
 * Every secret read or written is registered with the redactor so it can never reach a log line.
 */
export function createKeytarSecretStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  async function guarded<T>(run: (k: Keytar) => Promise<T>): Promise<T> {
    const k = keytar()
    try {
      return await run(k)
    } catch (caught) {
      throw unavailable(caught)
    }
  }
  return {
    async get(key) {
      const value = await guarded((k) => k.getPassword(service, key))
      if (value) registerSecret(value)
      return value
    },
    async set(key, value) {
      registerSecret(value)
      await guarded((k) => k.setPassword(service, key, value))
    },
    delete: (key) => guarded((k) => k.deletePassword(service, key)),
  }
}
