import { useEffect } from 'react'
import { useSpool } from '../../store/index.ts'
import { AccountRow } from './account-row.tsx'
import { AddAccountForm } from './add-account-form.tsx'
import { SettingsForm } from './settings-form.tsx'

/** Accounts (switch, test, remove, add) and app-wide settings. */
export function AccountsView() {
  const list = useSpool((s) => s.accounts.list)
  const settings = useSpool((s) => s.settings)
  const opened = useSpool((s) => s.accountsOpened)
  useEffect(() => {
    void opened()
  }, [opened])
  return (
    <>
      <header className="view-head">
        <h1>Accounts &amp; settings</h1>
      </header>
      <section className="panel" aria-labelledby="accounts-h">
        <h2 id="accounts-h">Accounts</h2>
        <ul className="accounts">
          {list.map((a) => (
            <AccountRow key={a.name} account={a} />
          ))}
        </ul>
      </section>
      <AddAccountForm />
      {settings && <SettingsForm key={JSON.stringify(settings)} settings={settings} />}
    </>
  )
}
