import { memo, useState } from 'react'
import type { Media } from '../../../common/domain/media.ts'
import { MediaStatusBadge } from '../../components/state-badge.tsx'
import { formatDate, formatDuration } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'

/** One library item: thumbnail, title, status, duration, date; a checkbox for bulk actions. */
export const MediaRow = memo(function MediaRow({
  media,
  selected,
  rowIndex,
}: {
  media: Media
  selected: boolean
  rowIndex: number
}) {
  const toggle = useSpool((s) => s.mediaSelectionToggled)
  const open = useSpool((s) => s.mediaOpened)
  const title = media.title ?? 'Untitled'
  // A thumbnail that does not load (not there yet, or a host the window's policy does not allow) is not shown.
  const [broken, setBroken] = useState(false)
  return (
    <div className="media-row" role="row" aria-rowindex={rowIndex} aria-selected={selected}>
      <div role="cell">
        <input
          type="checkbox"
          aria-label={`Select ${title}`}
          checked={selected}
          onChange={() => toggle(media.id)}
        />
      </div>
      <div role="cell" className="thumb">
        {media.thumbnailUrl && !broken ? (
          <img src={media.thumbnailUrl} alt="" loading="lazy" onError={() => setBroken(true)} />
        ) : (
          <span aria-hidden="true">▶</span>
        )}
      </div>
      <div role="cell" className="cell-name">
        <button type="button" className="link" onClick={() => void open(media.id)}>
          {title}
        </button>
        <div className="sub">{media.id}</div>
      </div>
      <div role="cell">
        <MediaStatusBadge status={media.status} raw={media.rawStatus} />
      </div>
      <div role="cell">{formatDuration(media.durationSeconds)}</div>
      <div role="cell">{formatDate(media.createdAt)}</div>
    </div>
  )
})
