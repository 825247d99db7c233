import { memo } from 'react'
import type { Media } from '../../../common/domain/media.ts'
import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { MediaStatusBadge } from '../../components/state-badge.tsx'
import { Thumbnail } from '../../components/thumbnail.tsx'
import { formatDate, formatDuration, shortId } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'
import { useThumbnailSrc } from './thumbnail-src.ts'

/** One library item as footage: picture, title, short id to copy, folder, status, duration, date. */
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
  const copy = useSpool((s) => s.mediaIdCopied)
  const thumbnail = useThumbnailSrc(media)
  const title = media.title ?? 'Untitled'
  const folder = readSpoolMetadata(media.metadata).folder
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
      <div role="cell">
        <Thumbnail url={thumbnail} audio={media.isAudioOnly} />
      </div>
      <div role="cell" className="cell-name">
        <button type="button" className="link name" onClick={() => void open(media.id)}>
          {title}
        </button>
        <div className="sub id-line">
          <code title={media.id}>{shortId(media.id)}</code>
          <button
            type="button"
            className="ghost copy"
            aria-label={`Copy the id of ${title}`}
            onClick={() => void copy(media.id)}
          >
            Copy
          </button>
        </div>
      </div>
      <div role="cell" className="cell-folder" title={folder}>
        {folder ?? <span className="sub">—</span>}
      </div>
      <div role="cell">
        <MediaStatusBadge status={media.status} raw={media.rawStatus} />
      </div>
      <div role="cell" className="cell-num">
        {formatDuration(media.durationSeconds)}
      </div>
      <div role="cell" className="cell-date">
        {formatDate(media.createdAt)}
      </div>
    </div>
  )
})
