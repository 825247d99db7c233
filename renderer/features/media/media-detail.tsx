import { useState } from 'react'
import type { Media } from '../../../common/domain/media.ts'
import { EmptyState } from '../../components/empty-state.tsx'
import { MediaStatusBadge } from '../../components/state-badge.tsx'
import { formatDate, formatDuration } from '../../lib/format.ts'
import { selectCapabilities, selectCurrentAccount } from '../../store/selectors.ts'
import { useSpool } from '../../store/index.ts'
import { useThumbnailSrc } from '../library/thumbnail-src.ts'
import { MediaEditor } from './media-editor.tsx'
import { MediaExtras } from './media-extras.tsx'
import { PreviewPlayer } from './preview-player.tsx'
import { TracksPanel } from './tracks-panel.tsx'

/** PeerTube's facts Spool keeps in `metadata` (PeerTube has no free-form metadata), as labelled rows. */
const PEERTUBE_FACTS: ReadonlyArray<[string, string]> = [
  ['privacy', 'Privacy'],
  ['channel', 'Channel'],
  ['tags', 'Tags'],
  ['category', 'Category'],
  ['licence', 'Licence'],
  ['language', 'Language'],
  ['watchUrl', 'Watch page'],
]

/** A PeerTube video's still: Spool plays FastPix streams only, so PeerTube videos are watched on their page. */
function PeerTubePoster({ media }: { media: Media }) {
  const [broken, setBroken] = useState(false)
  const thumbnail = useThumbnailSrc(media)
  return (
    <div className="player placeholder poster">
      {thumbnail && !broken && <img src={thumbnail} alt="" onError={() => setBroken(true)} />}
      <p>
        {media.status === 'Ready'
          ? 'Watch this video on its PeerTube page (address below).'
          : 'PeerTube is still processing this video.'}
      </p>
    </div>
  )
}

/** One media item: preview, details editor, tracks and extras (what the provider can do). */
export function MediaDetail() {
  const d = useSpool((s) => s.mediaDetail)
  const account = useSpool(selectCurrentAccount)
  const caps = useSpool(selectCapabilities)
  const closed = useSpool((s) => s.mediaClosed)
  const media = d.media
  const playback = media?.playbackIds[0]
  const peertube = account?.kind === 'peertube'
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
            {peertube ? (
              <PeerTubePoster media={media} />
            ) : playback && account && media.status === 'Ready' ? (
              <PreviewPlayer
                src={`${account.streamUrl}/${playback.id}.m3u8`}
                title={media.title ?? media.id}
                poster={media.thumbnailUrl}
              />
            ) : (
              <div className="player placeholder">Preview available when the media is Ready.</div>
            )}
            <dl className="facts">
              <dt>{peertube ? 'Video id' : 'Media id'}</dt>
              <dd>{media.id}</dd>
              <dt>{peertube ? 'Short id' : 'Playback ids'}</dt>
              <dd>
                {peertube
                  ? (playback?.id ?? '—')
                  : media.playbackIds.map((p) => `${p.id} (${p.accessPolicy})`).join(', ') || '—'}
              </dd>
              {peertube &&
                PEERTUBE_FACTS.filter(([key]) => media.metadata[key]).map(([key, label]) => (
                  <Fact key={key} label={label} value={media.metadata[key] ?? ''} />
                ))}
              <dt>Duration</dt>
              <dd>{formatDuration(media.durationSeconds)}</dd>
              <dt>Resolution</dt>
              <dd>{media.sourceResolution ?? media.maxResolution ?? '—'}</dd>
              <dt>Created</dt>
              <dd>{formatDate(media.createdAt)}</dd>
            </dl>
            <MediaEditor
              key={`${media.id}:${media.updatedAt ?? ''}:${media.title ?? ''}`}
              media={media}
              withMetadata={(caps?.metadataLimits.maxKeys ?? 0) > 0}
            />
          </div>
          <div className="detail-side">
            <TracksPanel media={media} caps={caps} editableTracks={!peertube} />
            {caps && <MediaExtras media={media} caps={caps} inputInfo={!peertube} />}
          </div>
        </div>
      )}
    </>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="wrap">{value}</dd>
    </>
  )
}
