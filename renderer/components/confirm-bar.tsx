import { useLayoutEffect, useRef } from 'react'

/** An inline confirmation for destructive actions; focus moves to Cancel so Enter is never destructive. */
export function ConfirmBar(props: {
  message: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const cancelRef = useRef<HTMLButtonElement>(null)
  useLayoutEffect(() => cancelRef.current?.focus(), [])
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-label={props.message}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel()
      }}
    >
      <span className="confirm-text">{props.message}</span>
      <button ref={cancelRef} type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button type="button" className="danger" onClick={props.onConfirm}>
        {props.confirmLabel}
      </button>
    </div>
  )
}
