import type { ReactNode } from 'react'

/** A friendly placeholder for empty, loading and error states. */
export function EmptyState({
  title,
  children,
  tone = 'normal',
}: {
  title: string
  children?: ReactNode
  tone?: 'normal' | 'error'
}) {
  return (
    <div className="empty" data-tone={tone} role={tone === 'error' ? 'alert' : undefined}>
      <h3>{title}</h3>
      {children}
    </div>
  )
}
