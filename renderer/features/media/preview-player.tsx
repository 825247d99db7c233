import { useEffect, useRef, useState } from 'react'

/**
 * Plays a FastPix (or sandbox) HLS stream, natively where Chromium can, else with hls.js. The thumbnail is
 * the poster until it plays; a stream that cannot load says so in words instead of leaving a spinner.
 */
export function PreviewPlayer({ src, title, poster }: { src: string; title: string; poster: string | null }) {
  const videoRef = useRef<HTMLVideoElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    setProblem(null)
    let destroy: (() => void) | null = null
    let cancelled = false
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src
    } else {
      void import('hls.js').then(({ default: Hls }) => {
        if (cancelled) return
        if (!Hls.isSupported()) return setProblem('This system cannot play HLS previews.')
        const hls = new Hls({ enableWorker: false })
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal) setProblem('The preview could not be loaded (the media may still be processing).')
        })
        hls.loadSource(src)
        hls.attachMedia(video)
        destroy = () => hls.destroy()
      })
    }
    return () => {
      cancelled = true
      destroy?.()
    }
  }, [src])
  return (
    <div className="player">
      <video
        ref={videoRef}
        controls
        preload="metadata"
        poster={poster ?? undefined}
        aria-label={`Preview of ${title}`}
        onError={() => setProblem('The preview could not be loaded (the media may still be processing).')}
      />
      {problem && (
        <p className="player-problem" role="status">
          {problem}
        </p>
      )}
    </div>
  )
}
