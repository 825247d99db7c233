import { LIVE_STREAM_ID_PATTERN, UUID_PATTERN } from '../../../common/domain/ids.ts'
import { idSegment as checkedSegment } from '../../http/route.ts'

/** A FastPix media, upload or track id (a UUID) as one URL path segment; anything else is refused. */
export const idSegment = (id: string): string => checkedSegment(id, 'FastPix id', UUID_PATTERN)

/** A FastPix live stream id (32 hexadecimal characters) as one URL path segment. */
export const liveStreamSegment = (id: string): string =>
  checkedSegment(id, 'live stream id (32 hexadecimal characters)', LIVE_STREAM_ID_PATTERN)
