/** An accessible progress bar; the percentage is also printed, so it never relies on colour. */
export function ProgressBar({
  value,
  label,
  tone = 'normal',
}: {
  value: number
  label: string
  tone?: 'normal' | 'done' | 'error' | 'paused'
}) {
  const v = Math.max(0, Math.min(100, Math.round(value)))
  return (
    <div className="progress" data-tone={tone}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={v}
      >
        <div className="progress-fill" style={{ width: `${v}%` }} />
      </div>
      <span className="progress-text" aria-hidden="true">
        {v}%
      </span>
    </div>
  )
}
