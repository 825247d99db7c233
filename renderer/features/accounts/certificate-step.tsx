import type { AppError } from '../../../common/ipc/result.ts'

/**
 * The confirm step of a PeerTube sign-in whose instance has its own (self-signed) certificate: main read
 * the certificate and sent what it says and its SHA-256 fingerprint (`detail`); the user compares the
 * fingerprint with what the instance's admin gave them before trusting it. Main asks once more in its own
 * dialog, and the account then accepts exactly this certificate.
 */
export function CertificateStep({ error }: { error: AppError }) {
  return (
    <div className="field certificate-step" role="group" aria-label="Certificate to trust">
      <p>
        <strong>This instance&apos;s certificate is not vouched for by any authority.</strong>
      </p>
      <p>{error.message}</p>
      <p className="field-hint">
        SHA-256 fingerprint — compare it with the one your instance&apos;s admin gave you:
      </p>
      <code className="fingerprint" aria-label="SHA-256 fingerprint">
        {error.detail}
      </code>
    </div>
  )
}
