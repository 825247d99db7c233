import { useState, type FormEvent } from 'react'
import { useSpool } from '../../store/index.ts'
import { AccountError } from './account-error.tsx'
import { OtpField } from './otp-field.tsx'

/**
 * Adds a PeerTube account: Spool signs in once with the password (main keeps only the tokens, in the
 * keychain). The password lives in this form's own state for the sign-in, never in the store, and is
 * cleared as soon as the sign-in ends. With two-factor authentication on, main asks for the one-time code
 * and the form sends the same sign-in again with it.
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
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    void submit({
      name: name.trim(),
      instanceUrl: instanceUrl.trim(),
      username: username.trim(),
      password,
      ...(otpAsked && otp ? { otp } : {}),
    }).then((outcome) => {
      setOtp('')
      if (outcome === 'otp-required') {
        // Kept for the second request only: the sign-in is the same one, with the code.
        setOtpAsked(true)
        return
      }
      setPassword('')
      setOtpAsked(false)
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
  }
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
            readOnly={otpAsked}
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
            readOnly={otpAsked}
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
            readOnly={otpAsked}
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
            readOnly={otpAsked}
          />
        </label>
        {otpAsked && <OtpField value={otp} onChange={setOtp} />}
      </div>
      <AccountError error={error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={adding} aria-busy={adding}>
          {adding ? 'Signing in…' : otpAsked ? 'Verify code and add' : 'Sign in and add'}
        </button>
        {otpAsked && (
          <button type="button" className="ghost" onClick={cancelOtp}>
            Start over
          </button>
        )}
      </div>
    </form>
  )
}
