import { EmptyState } from '../../components/empty-state.tsx'
import { MediaStatusBadge } from '../../components/state-badge.tsx'
import { formatDate, formatDuration } from '../../lib/format.ts'
import { selectCurrentAccount } from '../../store/selectors.ts'
import { useSpool } from '../../store/index.ts'
import { MediaEditor } from './media-editor.tsx'
import { MediaExtras } from './media-extras.tsx'
import { PreviewPlayer } from './preview-player.tsx'
import { TracksPanel } from './tracks-panel.tsx'

/** One media item: preview, details editor, tracks and extras. */
export function MediaDetail() {
  const d = useSpool((s) => s.mediaDetail)
  const account = useSpool(selectCurrentAccount)
  const closed = useSpool((s) => s.mediaClosed)
  const media = d.media
  const playback = media?.playbackIds[0]
  return (
    <>
      <header className="view-head">
        <button type="button" className="ghost" onClick={closed} aria-label="Back to the library">
          ← Library
        </button>
        <h1>{media ? (media.title ?? 'Untitled') : 'Media'}</h1>
        {media && <MediaStatusBadge status={media.status} raw={media.rawStatus} />}
      </header>
      {d.phase === 'error' && !media ? (
        <EmptyState title="This media could not be loaded" tone="error">
          <p>{d.error?.message}</p>
        </EmptyState>
      ) : !media ? (
        <EmptyState title="Loading…" />
      ) : (
        <div className="detail-grid">
          <div className="detail-main">
            {playback && account && media.status === 'Ready' ? (
              <PreviewPlayer
                src={`${account.streamUrl}/${playback.id}.m3u8`}
                title={media.title ?? media.id}
              />
            ) : (
              <div className="player placeholder">Preview available when the media is Ready.</div>
            )}
            <dl className="facts">
              <dt>Media id</dt>
              <dd>{media.id}</dd>
              <dt>Playback ids</dt>
              <dd>{media.playbackIds.map((p) => `${p.id} (${p.accessPolicy})`).join(', ') || '—'}</dd>
              <dt>Duration</dt>
              <dd>{formatDuration(media.durationSeconds)}</dd>
              <dt>Resolution</dt>
              <dd>{media.sourceResolution ?? media.maxResolution ?? '—'}</dd>
              <dt>Created</dt>
              <dd>{formatDate(media.createdAt)}</dd>
            </dl>
            <MediaEditor key={`${media.id}:${media.updatedAt ?? ''}:${media.title ?? ''}`} media={media} />
          </div>
          <div className="detail-side">
            <TracksPanel media={media} />
            <MediaExtras media={media} />
          </div>
        </div>
      )}
    </>
  )
}
