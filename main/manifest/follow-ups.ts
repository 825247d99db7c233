import type { UploadJob, VideoPrivacy } from '../../common/domain/upload.ts'
import type { Destination } from '../accounts/destination.ts'
import type { PeerTubePrivacy } from '../providers/peertube/resumable.ts'
import { isPeerTube } from './destination-facts.ts'
import type { FollowUps } from './links.ts'

const PRIVACY_IDS: Readonly<Record<VideoPrivacy, PeerTubePrivacy>> = {
  public: 1,
  unlisted: 2,
  private: 3,
  internal: 4,
}

/** A language's English name for a FastPix track (`pt-BR` → "Portuguese (Brazil)"), or the code itself. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}

/**
 * What is sent once a manifest row's video exists (issue 15 §2, §5), each step safe to repeat after a
 * kill -9 (PeerTube replaces a caption of the same language and the thumbnail; a schedule is set again):
 * PeerTube — the video's language, its captions and thumbnail from the local files, the scheduled
 * publication; FastPix — captions as tracks by URL (from the account's sidecar URL base). Answers the
 * media's URL for the CSV.
 */
export async function runFollowUps(
  job: UploadJob,
  followUps: FollowUps,
  destination: Destination,
  signal: AbortSignal,
): Promise<string | null> {
  const mediaId = job.mediaId
  if (mediaId === null) return null
  const provider = destination.provider
  if (isPeerTube(provider)) {
    const pt = provider.peertube
    if (followUps.language !== null) await pt.updateVideo(mediaId, { language: followUps.language }, signal)
    for (const c of followUps.captions) await pt.addCaption(mediaId, c.language, c.path, signal)
    if (followUps.thumbnail !== null) await pt.setThumbnail(mediaId, followUps.thumbnail, signal)
    if (followUps.publishAt !== null) {
      const privacy = PRIVACY_IDS[(followUps.publishPrivacy ?? 'public') as VideoPrivacy] ?? 1
      await pt.updateVideo(mediaId, { scheduleUpdate: { updateAt: followUps.publishAt, privacy } }, signal)
    }
    const media = await pt.getVideo(mediaId, signal)
    return media.metadata['watchUrl'] ?? null
  }
  // A follow-up cut short (kill -9) runs again: a language already there as a subtitle track is not added twice.
  const before = await provider.library.getMedia(mediaId)
  const present = new Set(before.tracks.filter((t) => t.type === 'subtitle').map((t) => t.languageCode))
  for (const c of followUps.captions)
    if (c.url !== undefined && !present.has(c.language))
      await provider.library.addTrack(mediaId, {
        type: 'subtitle',
        languageCode: c.language,
        languageName: languageName(c.language),
        url: c.url,
      })
  const playback = before.playbackIds[0]
  return playback ? `${destination.account.streamUrl.replace(/\/+$/, '')}/${playback.id}.m3u8` : null
}
