import { useState } from 'react'
import type { AccountSummary } from '../../../common/domain/account.ts'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { useSpool } from '../../store/index.ts'

/** One account: use it, test it, remove it (not the built-in sandbox). */
export function AccountRow({ account }: { account: AccountSummary }) {
  const select = useSpool((s) => s.accountSelected)
  const test = useSpool((s) => s.accountTestRequested)
  const remove = useSpool((s) => s.accountRemoveConfirmed)
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="account" aria-current={account.selected ? 'true' : undefined}>
      <div>
        <div className="name">
          {account.name}{' '}
          {account.selected && (
            <span className="badge" data-tone="ok">
              ✓ In use
            </span>
          )}
          {account.builtIn && <span className="badge">Built-in sandbox</span>}
        </div>
        <div className="sub">
          {account.apiUrl}
          {account.tokenIdHint ? ` · token …${account.tokenIdHint}` : ''}
        </div>
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
            className="ghost danger"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${account.name}`}
          >
            Remove
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmBar
          message={`Remove “${account.name}” and delete its Secret Key from the keychain?`}
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
