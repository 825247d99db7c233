import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { secretKeys, type SecretStore } from '../accounts/secret-store.ts'
import { AppFailure, appError } from '../../common/ipc/result.ts'

/**
 * Encrypts upload session URIs at rest (ARCHITECTURE.md §3): AES-256-GCM with a per-install key kept in the
 * keychain under `secretKeys.sessionVaultKey`. Blob layout: version (1) · iv (12) · tag (16) · ciphertext.
 */
export type SessionVault = Readonly<{
  seal(sessionUri: string): Promise<Buffer>
  open(blob: Buffer): Promise<string>
}>

const VERSION = 1
const AAD = Buffer.from('spool-session-uri-v1')

/** Builds the vault; the key is created on first use and cached for the process's life. */
export function createSessionVault(secrets: SecretStore): SessionVault {
  let key: Promise<Buffer> | null = null
  const loadKey = (): Promise<Buffer> => {
    key ??= (async () => {
      try {
        const stored = await secrets.get(secretKeys.sessionVaultKey)
        if (stored) return Buffer.from(stored, 'base64')
        const fresh = randomBytes(32)
        await secrets.set(secretKeys.sessionVaultKey, fresh.toString('base64'))
        return fresh
      } catch {
        key = null
        throw new AppFailure(
          appError(
            'auth/keychain-unavailable',
            'Spool cannot reach the keychain to protect upload sessions.',
            {
              retryable: true,
            },
          ),
        )
      }
    })()
    return key
  }
  return {
    async seal(sessionUri) {
      const k = await loadKey()
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', k, iv)
      cipher.setAAD(AAD)
      const body = Buffer.concat([cipher.update(sessionUri, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body])
    },
    async open(blob) {
      const k = await loadKey()
      if (blob.length < 29 || blob[0] !== VERSION)
        throw new AppFailure(appError('upload/session-expired', 'The stored upload session is unreadable.'))
      const decipher = createDecipheriv('aes-256-gcm', k, blob.subarray(1, 13))
      decipher.setAAD(AAD)
      decipher.setAuthTag(blob.subarray(13, 29))
      try {
        return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8')
      } catch {
        // A new keychain key (reinstall) cannot open old sessions: treat as expired → a fresh upload.
        throw new AppFailure(
          appError('upload/session-expired', 'The stored upload session cannot be decrypted.'),
        )
      }
    },
  }
}
