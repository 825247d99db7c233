import type { SecretStore } from '../../main/accounts/secret-store.ts'

/** A SecretStore kept in memory, with a switch to simulate a locked or missing keychain. */
export class InMemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>()
  unavailable = false

  get(key: string): Promise<string | null> {
    this.check()
    return Promise.resolve(this.values.get(key) ?? null)
  }

  set(key: string, value: string): Promise<void> {
    this.check()
    this.values.set(key, value)
    return Promise.resolve()
  }

  delete(key: string): Promise<boolean> {
    this.check()
    return Promise.resolve(this.values.delete(key))
  }

  private check(): void {
    if (this.unavailable) throw new Error('keychain unavailable (fake)')
  }
}
