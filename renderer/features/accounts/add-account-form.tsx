import { useState } from 'react'
import type { ProviderKind } from '../../../common/domain/account.ts'
import { useSpool } from '../../store/index.ts'
import { FastPixAccountForm } from './fastpix-account-form.tsx'
import { PeerTubeAccountForm } from './peertube-account-form.tsx'

const PROVIDERS: ReadonlyArray<[ProviderKind, string]> = [
  ['fastpix', 'FastPix'],
  ['peertube', 'PeerTube'],
]

/** Adds an account: choose the provider, then its form (FastPix key pair or PeerTube sign-in). */
export function AddAccountForm() {
  const [provider, setProvider] = useState<ProviderKind>('fastpix')
  const cleared = useSpool((s) => s.accountAddErrorCleared)
  return (
    <section className="panel" aria-labelledby="add-account-h">
      <h2 id="add-account-h">Add an account</h2>
      <fieldset className="segmented">
        <legend>Provider</legend>
        {PROVIDERS.map(([kind, label]) => (
          <label key={kind} className="segment">
            <input
              type="radio"
              name="account-provider"
              value={kind}
              checked={provider === kind}
              onChange={() => {
                cleared()
                setProvider(kind)
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {provider === 'fastpix' ? <FastPixAccountForm /> : <PeerTubeAccountForm />}
    </section>
  )
}
