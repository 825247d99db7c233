import { useId, useLayoutEffect, useRef } from 'react'

/**
 * The one-time code of a PeerTube sign-in with two-factor authentication on. It appears when main answers
 * `auth/otp-required` and takes the focus, so the user can type the code straight away.
 */
export function OtpField({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const ref = useRef<HTMLInputElement>(null)
  const hint = useId()
  useLayoutEffect(() => {
    ref.current?.focus()
  }, [])
  return (
    <div className="field">
      <label>
        One-time code
        <input
          ref={ref}
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/\s+/g, ''))}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="123456"
          aria-describedby={hint}
        />
      </label>
      <span id={hint} className="field-hint">
        Two-factor authentication is on: enter the 6-digit code from your authenticator app.
      </span>
    </div>
  )
}
