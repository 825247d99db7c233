import { useState, type FormEvent } from 'react'
import type { AccountSummary, AccountUpdate } from '../../../common/domain/account.ts'
import { useSpool } from '../../store/index.ts'
import { AccountError } from './account-error.tsx'
import { CertificateStep } from './certificate-step.tsx'
import { OtpField } from './otp-field.tsx'

const trimmedEnd = (url: string): string => url.trim().replace(/\/+$/, '')

/**
 * Changes a stored account: FastPix gets new URLs and/or a new key pair (both halves), PeerTube a sign-in
 * again (the password is used once; a new instance address or user is possible too). Main verifies the
 * change before it replaces anything and asks the user itself when an address changes. An instance that
 * now presents another certificate shows it, as the add form does, and is trusted only once confirmed.
 */
export function EditAccountForm({ account, onClose }: { account: AccountSummary; onClose: () => void }) {
  const submit = useSpool((s) => s.accountUpdateSubmitted)
  const updating = useSpool((s) => s.accounts.updating === account.name)
  const error = useSpool((s) => s.accounts.updateErrors[account.name] ?? null)
  const closed = useSpool((s) => s.accountEditClosed)
  const peertube = account.kind === 'peertube'
  const [apiUrl, setApiUrl] = useState(account.apiUrl)
  const [streamUrl, setStreamUrl] = useState(account.streamUrl)
  const [tokenId, setTokenId] = useState('')
  const [secretKey, setSecretKey] = useState('')
  const [username, setUsername] = useState(account.username ?? '')
  const [password, setPassword] = useState('')
  const [otpAsked, setOtpAsked] = useState(false)
  const [otp, setOtp] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  /** The fingerprint the user confirmed, sent with every later step of this sign-in. */
  const [trusted, setTrusted] = useState<string | null>(null)
  const untrusted =
    error?.code === 'auth/untrusted-certificate' && error.detail && trusted === null ? error : null
  const asking = otpAsked || untrusted !== null

  const close = (): void => {
    closed(account.name)
    onClose()
  }
  const patchOf = (): AccountUpdate | string => {
    const url = trimmedEnd(apiUrl) !== trimmedEnd(account.apiUrl) ? { apiUrl: apiUrl.trim() } : {}
    if (peertube) {
      const user = username.trim() !== (account.username ?? '') ? { username: username.trim() } : {}
      const trust = untrusted?.detail ?? trusted
      return {
        ...url,
        ...user,
        password,
        ...(otpAsked && otp ? { otp } : {}),
        ...(trust ? { trustFingerprint: trust } : {}),
      }
    }
    const stream =
      trimmedEnd(streamUrl) !== trimmedEnd(account.streamUrl) ? { streamUrl: streamUrl.trim() } : {}
    const id = tokenId.trim()
    const key = secretKey.trim()
    if ((id === '') !== (key === '')) return 'Give both the Access Token ID and the Secret Key, or neither.'
    const pair = id ? { tokenId: id, secretKey: key } : {}
    const patch = { ...url, ...stream, ...pair }
    return Object.keys(patch).length === 0 ? 'Nothing to change: edit a URL or give a new key pair.' : patch
  }
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    const patch = patchOf()
    if (typeof patch === 'string') return setProblem(patch)
    setProblem(null)
    if (untrusted?.detail) setTrusted(untrusted.detail)
    void submit(account.name, patch).then((outcome) => {
      setOtp('')
      if (outcome === 'otp-required') return setOtpAsked(true)
      if (outcome === 'certificate-untrusted') return setTrusted(null)
      setTrusted(null)
      // Secrets leave the renderer's memory once main has answered.
      setPassword('')
      setSecretKey('')
      setOtpAsked(false)
      if (outcome === 'done') onClose()
    })
  }
  const label = peertube ? `Sign in again to ${account.name}` : `Edit ${account.name}`
  return (
    <form className="account-edit" onSubmit={onSubmit} aria-label={label}>
      <h3>{peertube ? 'Sign in again' : 'Change URLs or key'}</h3>
      <p className="hint">
        {peertube
          ? 'Spool signs in with your password once and keeps only the new session, in your system keychain.'
          : 'A new Access Token ID and Secret Key replace the old pair once FastPix accepts them; leave both empty to keep the pair.'}
      </p>
      <div className="form-grid">
        <label>
          {peertube ? 'Instance URL' : 'API URL'}
          <input
            type="url"
            value={apiUrl}
            onChange={(e) => setApiUrl(e.target.value)}
            required
            readOnly={asking}
          />
        </label>
        {peertube ? (
          <>
            <label>
              Username
              <input
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
                maxLength={50}
                autoComplete="username"
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
          </>
        ) : (
          <>
            <label>
              Stream URL
              <input type="url" value={streamUrl} onChange={(e) => setStreamUrl(e.target.value)} required />
            </label>
            <label>
              New Access Token ID
              <input
                value={tokenId}
                onChange={(e) => setTokenId(e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            <label>
              New Secret Key
              <input
                type="password"
                value={secretKey}
                onChange={(e) => setSecretKey(e.target.value)}
                autoComplete="off"
              />
            </label>
          </>
        )}
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {untrusted ? <CertificateStep error={untrusted} /> : <AccountError error={error} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={updating} aria-busy={updating}>
          {updating
            ? 'Checking…'
            : peertube
              ? untrusted
                ? 'Trust this certificate and sign in'
                : otpAsked
                  ? 'Verify code and sign in'
                  : 'Sign in again'
              : 'Verify and save'}
        </button>
        <button type="button" className="ghost" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  )
}
