import { useState } from 'react'

/**
 * A media's picture from its platform (FastPix's thumbnail URL, PeerTube's thumbnailPath). Until it loads,
 * or when it cannot (not made yet, a host the window's policy refuses), a neutral frame with a film or sound
 * glyph stands in — never a broken-image icon.
 */
export function Thumbnail({ url, audio = false }: { url: string | null; audio?: boolean }) {
  const [state, setState] = useState<'loading' | 'shown' | 'broken'>('loading')
  return (
    <div className="thumb" data-state={url ? state : 'none'}>
      {url && state !== 'broken' && (
        <img
          src={url}
          alt=""
          loading="lazy"
          onLoad={() => setState('shown')}
          onError={() => setState('broken')}
        />
      )}
      {(!url || state !== 'shown') && <span aria-hidden="true">{audio ? '♪' : '▶'}</span>}
    </div>
  )
}
