import { useState, type ReactNode } from 'react'
import { useSpool } from '../../store/index.ts'

/**
 * Accepts files and folders dropped anywhere on it; main resolves and scans them into a plan that opens in
 * the review table (nothing is queued before its Start).
 */
export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false)
  const filesDropped = useSpool((s) => s.reviewDropped)
  return (
    <div
      className="drop-zone"
      data-over={over}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
        setOver(true)
      }}
      onDragLeave={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return
        setOver(false)
      }}
      onDrop={(e) => {
        e.preventDefault()
        setOver(false)
        const files = Array.from(e.dataTransfer.files)
        if (files.length > 0) void filesDropped(files)
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop files or folders to upload</div>
        </div>
      )}
    </div>
  )
}
