import { z } from 'zod'
import type { ReadableDb, WritableDb } from '../db/database.ts'
import type { PinnedCertificate } from '../http/tls-pin.ts'
import { readSetting, writeSetting } from './account-repo.ts'

/**
 * The certificate an account trusts (http/tls-pin.ts), kept beside the account in the settings table under
 * `tls_pin:<account>`: public, so not in the keychain; one row per account, removed with it.
 */
const PinSchema = z.object({
  fingerprint: z.string().regex(/^SHA256:(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/),
  pem: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
})

const key = (account: string): string => `tls_pin:${account}`

/** The account's pinned certificate, or null (the system's authorities decide). */
export function readPinnedCertificate(db: ReadableDb, account: string): PinnedCertificate | null {
  const parsed = PinSchema.safeParse(readSetting(db, key(account)))
  return parsed.success ? parsed.data : null
}

/** Pins `pin` for the account (null removes the pin). */
export function writePinnedCertificate(db: WritableDb, account: string, pin: PinnedCertificate | null): void {
  if (pin) writeSetting(db, key(account), { fingerprint: pin.fingerprint, pem: pin.pem })
  else db.prepare('DELETE FROM settings WHERE key = ?').run(key(account))
}
