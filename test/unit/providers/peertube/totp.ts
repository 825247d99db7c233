import { hotp } from '../../../../sandbox/peertube/totp.ts'

// The tests compute one-time codes with the sandbox's RFC 6238 implementation (checked against the RFC's
// vectors in oauth.test.ts, and accepted by the real PeerTube in test/peertube/client.test.ts).
export { base32Decode } from '../../../../sandbox/peertube/totp.ts'

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps) over a raw key. */
export function totp(key: Buffer, atMs = Date.now(), digits = 6, stepSeconds = 30): string {
  return hotp(key, Math.floor(atMs / 1000 / stepSeconds), digits)
}
