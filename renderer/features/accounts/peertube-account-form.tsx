import { useState, type FormEvent } from 'react'
import type { AppError } from '../../../common/ipc/result.ts'
import { useSpool } from '../../store/index.ts'
import { AccountError } from './account-error.tsx'
import { CertificateStep } from './certificate-step.tsx'
import { OtpField } from './otp-field.tsx'

/**
 * Adds a PeerTube account: Spool signs in once with the password (main keeps only the tokens, in the
 * keychain). The password lives in this form's own state for the sign-in, never in the store, and is
 * cleared as soon as the sign-in ends. With two-factor authentication on, main asks for the one-time code
 * and the form sends the same sign-in again with it. An instance with its own certificate shows that
 * certificate's fingerprint first; the sign-in goes on, trusting exactly it, once the user confirms.
 */
export function PeerTubeAccountForm() {
  const submit = useSpool((s) => s.peerTubeAddSubmitted)
  const adding = useSpool((s) => s.accounts.adding)
  const error = useSpool((s) => s.accounts.addError)
  const [name, setName] = useState('')
  const [instanceUrl, setInstanceUrl] = useState('https://')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [otpAsked, setOtpAsked] = useState(false)
  const [otp, setOtp] = useState('')
  /** The fingerprint the user confirmed, sent with every later step of this sign-in. */
  const [trusted, setTrusted] = useState<string | null>(null)
  /** The certificate question the user dismissed with "Start over" (main's answer stays in the store). */
  const [dismissed, setDismissed] = useState<AppError | null>(null)
  const untrusted =
    error?.code === 'auth/untrusted-certificate' && error.detail && trusted === null && error !== dismissed
      ? error
      : null
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    const trust = untrusted?.detail ?? trusted
    if (untrusted?.detail) setTrusted(untrusted.detail)
    void submit({
      name: name.trim(),
      instanceUrl: instanceUrl.trim(),
      username: username.trim(),
      password,
      ...(otpAsked && otp ? { otp } : {}),
      ...(trust ? { trustFingerprint: trust } : {}),
    }).then((outcome) => {
      setOtp('')
      if (outcome === 'otp-required' || outcome === 'certificate-untrusted') {
        // Kept for the next request only: the sign-in is the same one, with the code or the certificate.
        setOtpAsked(outcome === 'otp-required')
        if (outcome === 'certificate-untrusted') setTrusted(null)
        return
      }
      setPassword('')
      setOtpAsked(false)
      setTrusted(null)
      if (outcome === 'done') {
        setName('')
        setInstanceUrl('https://')
        setUsername('')
      }
    })
  }
  const cancelOtp = (): void => {
    setPassword('')
    setOtp('')
    setOtpAsked(false)
    setTrusted(null)
    setDismissed(error)
  }
  const asking = otpAsked || untrusted !== null
  return (
    <form onSubmit={onSubmit} aria-label="Add a PeerTube account">
      <p className="hint">
        Sign in to your PeerTube instance. Spool uses the password once to get a session and keeps only that
        session, in your system keychain.
      </p>
      <div className="form-grid">
        <label>
          Account name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={64}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            placeholder="my-peertube"
            readOnly={asking}
          />
        </label>
        <label>
          Instance URL
          <input
            type="url"
            value={instanceUrl}
            onChange={(e) => setInstanceUrl(e.target.value)}
            required
            placeholder="https://video.example.org"
            spellCheck={false}
            readOnly={asking}
          />
        </label>
        <label>
          Username
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            maxLength={50}
            autoComplete="username"
            spellCheck={false}
            readOnly={asking}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
            readOnly={asking}
          />
        </label>
        {otpAsked && <OtpField value={otp} onChange={setOtp} />}
      </div>
      {untrusted ? <CertificateStep error={untrusted} /> : <AccountError error={error} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={adding} aria-busy={adding}>
          {adding
            ? 'Signing in…'
            : untrusted
              ? 'Trust this certificate and add'
              : otpAsked
                ? 'Verify code and add'
                : 'Sign in and add'}
        </button>
        {asking && (
          <button type="button" className="ghost" onClick={cancelOtp}>
            Start over
          </button>
        )}
      </div>
    </form>
  )
}
