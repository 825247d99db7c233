import { useState } from 'react'
import type { AccountSummary } from '../../../common/domain/account.ts'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { useSpool } from '../../store/index.ts'
import { EditAccountForm } from './edit-account-form.tsx'

const KIND_LABEL: Readonly<Record<string, string>> = { fastpix: 'FastPix', peertube: 'PeerTube' }

/** One account: use it, test it, edit it, remove it (not the built-in sandbox). */
export function AccountRow({ account }: { account: AccountSummary }) {
  const select = useSpool((s) => s.accountSelected)
  const test = useSpool((s) => s.accountTestRequested)
  const remove = useSpool((s) => s.accountRemoveConfirmed)
  const [confirming, setConfirming] = useState(false)
  const [editing, setEditing] = useState(false)
  const peertube = account.kind === 'peertube'
  return (
    <li className="account" aria-current={account.selected ? 'true' : undefined}>
      <div>
        <div className="name">
          {account.name}{' '}
          <span className="badge" data-kind={account.kind}>
            {KIND_LABEL[account.kind] ?? account.kind}
          </span>{' '}
          {account.selected && (
            <span className="badge" data-tone="ok">
              ✓ In use
            </span>
          )}
          {account.builtIn && <span className="badge">Built-in sandbox</span>}
        </div>
        <div className="sub">
          {account.apiUrl}
          {account.username ? ` · signed in as ${account.username}` : ''}
          {account.tokenIdHint ? ` · token …${account.tokenIdHint}` : ''}
        </div>
        {account.certificateFingerprint && (
          <div className="sub">
            Trusts only the certificate <code>{account.certificateFingerprint}</code>
          </div>
        )}
      </div>
      <div className="toolbar">
        {!account.selected && (
          <button type="button" onClick={() => void select(account.name)} aria-label={`Use ${account.name}`}>
            Use
          </button>
        )}
        <button
          type="button"
          className="ghost"
          onClick={() => void test(account.name)}
          aria-label={`Test ${account.name}`}
        >
          Test
        </button>
        {!account.builtIn && (
          <button
            type="button"
            className="ghost"
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
            aria-label={peertube ? `Sign in again to ${account.name}` : `Edit ${account.name}`}
          >
            {peertube ? 'Sign in again' : 'Edit'}
          </button>
        )}
        {!account.builtIn && (
          <button
            type="button"
            className="ghost danger"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${account.name}`}
          >
            Remove
          </button>
        )}
      </div>
      {editing && <EditAccountForm account={account} onClose={() => setEditing(false)} />}
      {confirming && (
        <ConfirmBar
          message={
            peertube
              ? `Remove “${account.name}”, sign out of ${account.apiUrl} and delete its session from the keychain?`
              : `Remove “${account.name}” and delete its Secret Key from the keychain?`
          }
          confirmLabel="Remove account"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void remove(account.name)
          }}
        />
      )}
    </li>
  )
}
