import {
  asMediaId,
  asTrackId,
  asUploadId,
  isRemoteId,
  isTrackId,
  type MediaId,
  type TrackId,
  type UploadId,
} from '../../common/domain/ids.ts'
import { fail } from '../../common/ipc/result.ts'

/** Checks an id typed on the command line before anything is sent (issue 14 §1). */
function remoteIdArg(raw: string, label: string, valid = isRemoteId): string {
  const value = raw.trim()
  if (!valid(value)) {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    fail(
      'input/invalid',
      `${shown} is not a ${label}: ids are UUIDs (on PeerTube also numbers, short UUIDs, and caption languages for tracks).`,
    )
  }
  return value
}

export const mediaIdArg = (raw: string): MediaId => asMediaId(remoteIdArg(raw, 'media id'))
export const trackIdArg = (raw: string): TrackId => asTrackId(remoteIdArg(raw, 'track id', isTrackId))
export const uploadIdArg = (raw: string): UploadId => asUploadId(remoteIdArg(raw, 'upload id'))
