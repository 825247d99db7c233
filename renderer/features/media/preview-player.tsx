import { useEffect, useRef, useState } from 'react'

/** Plays a FastPix (or sandbox) HLS stream with hls.js, or natively where the browser can. */
export function PreviewPlayer({ src, title }: { src: string; title: string }) {
  const videoRef = useRef<HTMLVideoElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
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
      <video ref={videoRef} controls preload="metadata" aria-label={`Preview of ${title}`} />
      {problem && <p className="hint">{problem}</p>}
    </div>
  )
}
