import type { UploadJob } from '../../../common/domain/upload.ts'
import { usePoster } from './posters/poster-store.ts'

/** The picture at the start of a row: a frame of the video, an audio mark, or why there is none. */
export function Poster({ job }: { job: UploadJob }) {
  const poster = usePoster(job)
  switch (poster.kind) {
    case 'image':
      return <img className="poster" src={poster.url} alt="" data-poster="image" />
    case 'audio':
      return (
        <span className="poster poster-mark" data-poster="audio" role="img" aria-label="Audio file">
          ♫
        </span>
      )
    case 'undecodable':
      return (
        <span
          className="poster poster-mark"
          data-poster="undecodable"
          role="img"
          aria-label="No preview: this codec cannot be shown here (the file still uploads)"
          title="No preview: this codec (HEVC, ProRes…) cannot be shown here. The file still uploads."
        >
          <span aria-hidden="true">No preview</span>
        </span>
      )
    case 'unavailable':
      return <span className="poster poster-mark" data-poster="unavailable" aria-hidden="true" />
    case 'pending':
      return <span className="poster" data-poster="pending" aria-hidden="true" />
  }
}
