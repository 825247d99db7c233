import type { UploadState } from '../../common/domain/upload.ts'
import type { MediaStatus } from '../../common/domain/media.ts'

const UPLOAD_LABELS: Record<UploadState, [string, string]> = {
  queued: ['◷', 'Queued'],
  preparing: ['◔', 'Preparing'],
  uploading: ['↑', 'Uploading'],
  verifying: ['✓?', 'Verifying'],
  processing: ['⚙', 'Processing'],
  done: ['✓', 'Done'],
  paused: ['❚❚', 'Paused'],
  'waiting-for-network': ['⌁', 'Waiting for network'],
  'needs-sign-in': ['⚿', 'Needs sign-in'],
  failed: ['✕', 'Failed'],
  cancelled: ['⊘', 'Cancelled'],
}

const MEDIA_TONES: Record<MediaStatus, string> = {
  Created: 'busy',
  Downloading: 'busy',
  Downloaded: 'busy',
  Validating: 'busy',
  'In Queue': 'busy',
  Processing: 'busy',
  Ready: 'ok',
  Failed: 'error',
  unknown: 'muted',
}

/** An upload state as glyph + word (meaning never by colour alone). */
export function UploadStateBadge({ state }: { state: UploadState }) {
  const [glyph, label] = UPLOAD_LABELS[state]
  return (
    <span className="badge" data-state={state}>
      <span aria-hidden="true">{glyph}</span> {label}
    </span>
  )
}

/** A media status as glyph + word. */
export function MediaStatusBadge({ status, raw }: { status: MediaStatus; raw: string }) {
  const tone = MEDIA_TONES[status]
  const glyph = tone === 'ok' ? '✓' : tone === 'error' ? '✕' : tone === 'busy' ? '⚙' : '?'
  return (
    <span className="badge" data-tone={tone}>
      <span aria-hidden="true">{glyph}</span> {status === 'unknown' ? `Unknown (${raw})` : status}
    </span>
  )
}
