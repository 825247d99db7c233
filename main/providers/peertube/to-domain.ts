import { asMediaId, asTrackId } from '../../../common/domain/ids.ts'
import type { Media, MediaStatus, PlaybackId, Track } from '../../../common/domain/media.ts'
import { staticUrl } from './routes.ts'
import type { RawCaption, RawVideo } from './schemas.ts'

/**
 * PeerTube video states (VideoState) → Spool's MediaStatus. The raw label is kept in `rawStatus`; a state a
 * newer server adds becomes 'unknown' (shown, never fatal).
 */
const STATE_TO_STATUS: Readonly<Record<number, MediaStatus>> = {
  1: 'Ready', // Published
  2: 'Processing', // To transcode
  3: 'Downloading', // To import
  6: 'Processing', // To move to external storage
  7: 'Failed', // Transcoding failed
  8: 'Failed', // Move to external storage failed
  9: 'Processing', // To edit (studio)
  10: 'Processing', // To move to file system
  11: 'Failed', // Move to file system failed
}

export function toMediaStatusFromState(state: RawVideo['state']): MediaStatus {
  if (!state) return 'unknown'
  return STATE_TO_STATUS[state.id] ?? 'unknown'
}

/** Privacy → playback access: Public and Unlisted play for anyone with the link; the rest need a login. */
function accessFor(privacyId: number): PlaybackId['accessPolicy'] {
  if (privacyId === 1 || privacyId === 2) return 'public'
  if (privacyId === 3 || privacyId === 4 || privacyId === 5) return 'private'
  return 'unknown'
}

/** A caption → a subtitle Track; its id is the language id (one caption per language on PeerTube). */
export function toCaptionTrack(instanceUrl: string, caption: RawCaption): Track {
  const language = caption.language.id ?? 'und'
  const url = caption.fileUrl ?? staticUrl(instanceUrl, caption.captionPath)
  return {
    id: asTrackId(language),
    type: 'subtitle',
    rawType: caption.automaticallyGenerated ? 'caption (generated)' : 'caption',
    status: 'ready',
    rawStatus: 'ready',
    languageCode: language,
    languageName: caption.language.label,
    ...(url ? { url } : {}),
  }
}

function highestResolution(video: RawVideo): Readonly<{ label: string | null; audioOnly: boolean }> {
  const files = [...(video.files ?? []), ...(video.streamingPlaylists ?? []).flatMap((p) => p.files ?? [])]
  if (files.length === 0) return { label: null, audioOnly: false }
  let best: { id: number; label: string } | null = null
  for (const f of files) {
    if (f.resolution && (best === null || f.resolution.id > best.id)) best = f.resolution
  }
  const audioOnly = files.every((f) => f.resolution?.id === 0)
  return { label: best && best.id > 0 ? best.label : null, audioOnly }
}

/** Flat, display-only facts kept in `metadata` (PeerTube has no free-form metadata). */
function facts(video: RawVideo): Record<string, string> {
  const out: Record<string, string> = { privacy: video.privacy.label, shortUUID: video.shortUUID }
  out.numericId = String(video.id)
  if (video.channel) out.channel = video.channel.name
  if (video.category?.id != null) out.category = video.category.label
  if (video.licence?.id != null) out.licence = video.licence.label
  if (video.language?.id) out.language = video.language.id
  if (video.tags && video.tags.length > 0) out.tags = video.tags.join(', ')
  if (video.url) out.watchUrl = video.url
  if (video.blacklisted) out.blocked = 'true'
  return out
}

/** A raw PeerTube video (single GET or list item) → Media; captions come from their own route. */
export function toMedia(
  instanceUrl: string,
  video: RawVideo,
  captions: ReadonlyArray<RawCaption> = [],
): Media {
  const { label, audioOnly } = highestResolution(video)
  return {
    id: asMediaId(video.uuid),
    title: video.name,
    status: toMediaStatusFromState(video.state),
    rawStatus: video.state?.label ?? 'unknown',
    durationSeconds: video.duration > 0 ? video.duration : null,
    createdAt: video.createdAt,
    updatedAt: video.updatedAt ?? null,
    thumbnailUrl: staticUrl(instanceUrl, video.thumbnailPath ?? video.previewPath ?? null),
    playbackIds: [{ id: video.shortUUID, accessPolicy: accessFor(video.privacy.id) }],
    metadata: facts(video),
    creatorId: video.account?.name ?? null,
    isAudioOnly: audioOnly,
    maxResolution: label,
    sourceResolution: null,
    aspectRatio: video.aspectRatio != null ? String(video.aspectRatio) : null,
    mediaQuality: null,
    sourceAccess: false,
    mp4Support: { option: 'none', renditions: [] },
    tracks: captions.map((c) => toCaptionTrack(instanceUrl, c)),
    generatedSubtitles: [],
  }
}
