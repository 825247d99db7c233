import { useState, type FormEvent } from 'react'
import { useSpool } from '../../store/index.ts'
import { AccountError } from './account-error.tsx'

const FASTPIX_API = 'https://api.fastpix.com/v1'

/** Adds a FastPix account: the Secret Key goes to main and the keychain, verified before it is saved. */
export function FastPixAccountForm() {
  const submit = useSpool((s) => s.accountAddSubmitted)
  const adding = useSpool((s) => s.accounts.adding)
  const error = useSpool((s) => s.accounts.addError)
  const openLink = useSpool((s) => s.externalLinkRequested)
  const [name, setName] = useState('')
  const [apiUrl, setApiUrl] = useState(FASTPIX_API)
  const [tokenId, setTokenId] = useState('')
  const [secretKey, setSecretKey] = useState('')
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    void submit({ name: name.trim(), apiUrl: apiUrl.trim(), tokenId: tokenId.trim(), secretKey }).then(
      (ok) => {
        // The secret leaves the renderer's memory as soon as main has it.
        setSecretKey('')
        if (ok) {
          setName('')
          setTokenId('')
        }
      },
    )
  }
  return (
    <form onSubmit={onSubmit} aria-label="Add a FastPix account">
      <p className="hint">
        Create an access token in the FastPix dashboard (Settings → Access tokens). The Secret Key is kept in
        your system keychain, never in a file.{' '}
        <button type="button" className="link-button" onClick={() => void openLink('fastpix-dashboard')}>
          Open the FastPix dashboard
        </button>
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
            placeholder="studio"
          />
        </label>
        <label>
          API URL
          <input type="url" value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} required />
        </label>
        <label>
          Access Token ID
          <input
            value={tokenId}
            onChange={(e) => setTokenId(e.target.value)}
            required
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          Secret Key
          <input
            type="password"
            value={secretKey}
            onChange={(e) => setSecretKey(e.target.value)}
            required
            autoComplete="off"
          />
        </label>
      </div>
      <AccountError error={error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={adding} aria-busy={adding}>
          {adding ? 'Checking with FastPix…' : 'Verify and add'}
        </button>
      </div>
    </form>
  )
}
