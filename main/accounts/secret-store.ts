/**
 * The port to the OS keychain (ARCHITECTURE.md §2). Secrets live only behind it: FastPix Secret Keys, later
 * PeerTube tokens, and the per-install key that encrypts upload session URIs at rest. The production adapter
 * is keytar (service "Spool"); unit tests use the in-memory fake in test/fakes/.
 */
export type SecretStore = Readonly<{
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  /** Returns whether something was deleted. */
  delete(key: string): Promise<boolean>
}>

/** The keychain "service" under which every Spool secret is stored. */
export const KEYCHAIN_SERVICE = 'Spool'

/** Key names, so the same secret is never stored under two spellings. */
export const secretKeys = {
  accountSecret: (accountName: string) => `account:${accountName}:secret-key`,
  accountTokenId: (accountName: string) => `account:${accountName}:token-id`,
  /** A PeerTube account's OAuth client and token pair (JSON). */
  accountPeerTubeTokens: (accountName: string) => `account:${accountName}:peertube-tokens`,
  /** The PEERTUBE_* environment destination's tokens, per instance and user (reused across commands). */
  envPeerTubeTokens: (instanceUrl: string, username: string) =>
    `env:peertube:${instanceUrl}:${username}:tokens`,
  sessionVaultKey: 'queue:session-key',
} as const
