import type { ProxyEnv } from '../../http/proxy-env.ts'
import {
  isCertificateError,
  readPresentedCertificate,
  type PinnedCertificate,
  type PresentedCertificate,
} from '../../http/tls-pin.ts'
import { peerTubeFailure, type PeerTubeFailure } from './errors.ts'

/**
 * Turns a certificate verification failure on a PeerTube instance into a failure the user can act on
 * (ARCHITECTURE.md §7): the certificate the server presents is read (subject and SHA-256 fingerprint) and
 * named, so the user can compare it with what the instance's admin says and trust it for this account,
 * or, for an account that already trusts one, see that the server now presents another. Returns null for
 * anything that is not a certificate failure.
 */
export type CertificateCheck = (caught: unknown) => Promise<PeerTubeFailure | null>

export function certificateCheck(
  instanceUrl: string,
  pin: PinnedCertificate | null,
  env: ProxyEnv = process.env,
): CertificateCheck {
  return async (caught) => {
    if (!isCertificateError(caught)) return null
    const presented: PresentedCertificate | null = await readPresentedCertificate(
      new URL(instanceUrl),
      env,
    ).catch(() => null)
    if (pin) {
      const now = presented
        ? `presents ${presented.fingerprint}`
        : 'presents a certificate Spool could not read'
      return peerTubeFailure(
        'certificate-changed',
        'auth/untrusted-certificate',
        `The certificate of ${instanceUrl} changed: the server ${now}, but this account trusts ${pin.fingerprint}. ` +
          'Nothing was sent. If the instance replaced its certificate, check the new fingerprint with its admin, then sign in again and trust the new one (Sign in again in the app, or `spool account update NAME --trust-fingerprint …`).',
        presented ? { detail: presented.fingerprint } : {},
      )
    }
    if (!presented)
      return peerTubeFailure(
        'certificate-untrusted',
        'auth/untrusted-certificate',
        `The certificate of ${instanceUrl} cannot be verified, and Spool could not read it to show you.`,
      )
    return untrustedCertificateFailure(instanceUrl, presented)
  }
}

/** The failure that asks the user to confirm a certificate: its fingerprint travels as `detail`. */
export function untrustedCertificateFailure(
  instanceUrl: string,
  presented: PresentedCertificate,
): PeerTubeFailure {
  const kind = presented.selfSigned ? 'a self-signed certificate' : 'a certificate from an unknown authority'
  return peerTubeFailure(
    'certificate-untrusted',
    'auth/untrusted-certificate',
    `${instanceUrl} presents ${kind} (subject ${presented.subject || 'empty'}, valid until ${presented.validTo}) ` +
      `with the SHA-256 fingerprint ${presented.fingerprint}. Trust it only if the instance's admin confirms this fingerprint.`,
    { detail: presented.fingerprint },
  )
}
