import { VIDEO_PRIVACIES } from '../../../common/domain/upload.ts'
import type { ProviderCapabilities } from '../provider.ts'

/**
 * What PeerTube can do through Spool: no AI summaries, no generated subtitles, captions are uploaded as
 * files (not fetched from a URL), no MP4 renditions option, no source access toggle, no list of unused
 * uploads, no clips. A video's privacy can be changed after upload (PUT /videos/{id}). PeerTube has no free-form metadata: title, description, tags… are fixed fields, so
 * the free-form budget is zero keys.
 */
export const PEERTUBE_CAPABILITIES: ProviderCapabilities = {
  summaries: false,
  generatedSubtitles: false,
  tracksByUrlOnly: false,
  mp4Support: false,
  sourceAccess: false,
  unusedUploads: false,
  clips: false,
  privacyChoices: VIDEO_PRIVACIES,
  metadataLimits: { maxKeys: 0, maxValueLength: 0 },
}
