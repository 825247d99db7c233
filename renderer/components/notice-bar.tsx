import { useEffect } from 'react'
import { useSpool } from '../store/index.ts'

/**
 * The live region: successes are announced politely and fade; errors stay until dismissed or until the user
 * leaves the view that raised them.
 */
export function NoticeBar() {
  const notice = useSpool((s) => (s.app.notice?.view === s.app.view ? s.app.notice : null))
  const dismiss = useSpool((s) => s.noticeDismissed)
  useEffect(() => {
    if (!notice || notice.tone === 'error') return
    const t = setTimeout(dismiss, 6000)
    return () => clearTimeout(t)
  }, [notice, dismiss])
  return (
    <div className="notice-region" role={notice?.tone === 'error' ? 'alert' : 'status'} aria-live="polite">
      {notice && (
        <div className="notice" data-tone={notice.tone}>
          <span aria-hidden="true">{notice.tone === 'error' ? '⚠' : 'ℹ'}</span>
          <div>
            <div className="notice-text">{notice.text}</div>
            {notice.detail && <div className="notice-detail">{notice.detail}</div>}
          </div>
          <button type="button" className="ghost" aria-label="Dismiss message" onClick={dismiss}>
            ✕
          </button>
        </div>
      )}
    </div>
  )
}
