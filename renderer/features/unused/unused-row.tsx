import type { UnusedUpload } from '../../../common/domain/media.ts'
import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { formatAgo, formatSpan } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'

// Where an abandoned upload stands, in words a person can act on (the glyph only repeats them).
const ORIGIN: Record<UnusedUpload['origin'], [string, string]> = {
  'resumable-here': ['↻', 'Can resume here'],
  orphaned: ['⚐', 'Not in this queue'],
  expired: ['⊘', 'Expired'],
}

/** One abandoned upload, with its origin relative to this machine. */
export function UnusedRow({ upload, selected }: { upload: UnusedUpload; selected: boolean }) {
  const toggle = useSpool((s) => s.unusedSelectionToggled)
  const resume = useSpool((s) => s.unusedResumeRequested)
  const [glyph, label] = ORIGIN[upload.origin]
  // A human label first (the file, its title, or the folder it came from); the full id goes underneath.
  const folder = readSpoolMetadata(upload.metadata).folder
  const name =
    upload.path ??
    upload.metadata.title ??
    (folder ? `A file from ${folder}` : `Upload ${upload.uploadId.slice(0, 8)}`)
  return (
    <tr aria-selected={selected}>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={selected}
          onChange={() => toggle(upload.uploadId)}
        />
      </td>
      <td className="cell-name">
        <div className="name">{name}</div>
        <div className="sub">{upload.uploadId}</div>
      </td>
      <td>
        <span className="badge" data-origin={upload.origin}>
          <span aria-hidden="true">{glyph}</span> {label}
        </span>
      </td>
      <td>{formatAgo(upload.ageSeconds)}</td>
      <td>
        {upload.expiresInSeconds === null
          ? '—'
          : upload.expiresInSeconds <= 0
            ? 'expired'
            : formatSpan(upload.expiresInSeconds)}
      </td>
      <td>
        {upload.origin === 'resumable-here' && upload.jobId && (
          <button
            type="button"
            className="ghost"
            onClick={() => void resume(upload.jobId ?? '')}
            aria-label={`Resume ${name} from this machine`}
          >
            Resume here
          </button>
        )}
      </td>
    </tr>
  )
}
