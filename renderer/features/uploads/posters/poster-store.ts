import { useEffect, useSyncExternalStore } from 'react'
import type { UploadJob } from '../../../../common/domain/upload.ts'
import { captureFrame, type Capture } from './capture-frame.ts'
import { captureWaveform } from './capture-waveform.ts'
import { readPoster, writePoster } from './poster-cache.ts'
import { sourceKind, sourceUrl } from './poster-kind.ts'

/** What a row shows in its picture slot. */
export type Poster =
  | Readonly<{ kind: 'pending' }>
  | Readonly<{ kind: 'image'; url: string }>
  | Readonly<{ kind: 'audio' }>
  | Readonly<{ kind: 'undecodable' }>
  | Readonly<{ kind: 'unavailable' }>

/** Makes the picture for one job (the real one decodes a frame; renderer tests install a fake). */
export type PosterMaker = (job: UploadJob, signal: AbortSignal) => Promise<Capture>

const PENDING: Poster = { kind: 'pending' }
const AUDIO: Poster = { kind: 'audio' }
const UNDECODABLE: Poster = { kind: 'undecodable' }
const UNAVAILABLE: Poster = { kind: 'unavailable' }
/** Decoders at work at once: enough to keep up with scrolling, few enough to leave frames for the UI. */
const CONCURRENCY = 2
/** How long a row stays on screen before its poster is asked for. */
const SETTLE_MS = 150

/** Audio files get a waveform, everything else a frame (the scanner kept media files only). */
let maker: PosterMaker = (job, signal) =>
  sourceKind(job.name) === 'audio'
    ? captureWaveform(sourceUrl(job.id), signal)
    : captureFrame(sourceUrl(job.id), signal)
const posters = new Map<string, Poster>()
const listeners = new Map<string, Set<() => void>>()
/** Jobs asked for and not started, newest last (the rows the user is looking at now). */
const waiting = new Map<string, UploadJob>()
const running = new Map<string, AbortController>()
/** How many rows show each key; a key nobody shows any more is dropped from the queue or aborted. */
const shown = new Map<string, number>()

/** A job's poster key: a job is one file at one size (main refuses to serve it once it changed). */
export const posterKey = (job: UploadJob): string => `${job.id}|${job.size}|${job.path}`

function set(key: string, poster: Poster): void {
  posters.set(key, poster)
  for (const l of listeners.get(key) ?? []) l()
}

const fromCache = (v: Awaited<ReturnType<typeof readPoster>>): Poster | null =>
  v === null ? null : v === 'audio' ? AUDIO : v === 'undecodable' ? UNDECODABLE : imageOf(v)

const imageOf = (blob: Blob): Poster => ({ kind: 'image', url: URL.createObjectURL(blob) })

function pump(): void {
  while (running.size < CONCURRENCY && waiting.size > 0) {
    const key = [...waiting.keys()].pop()!
    const job = waiting.get(key)!
    waiting.delete(key)
    const controller = new AbortController()
    running.set(key, controller)
    void make(key, job, controller.signal).finally(() => {
      running.delete(key)
      pump()
    })
  }
}

async function make(key: string, job: UploadJob, signal: AbortSignal): Promise<void> {
  try {
    const cached = fromCache(await readPoster(key))
    if (cached) return set(key, cached)
    if (signal.aborted) return
    const capture = await maker(job, signal)
    if (signal.aborted) return
    if (capture.kind === 'image') {
      set(key, imageOf(capture.blob))
      void writePoster(key, capture.blob)
    } else if (capture.kind === 'undecodable' || capture.kind === 'audio') {
      set(key, capture.kind === 'audio' ? AUDIO : UNDECODABLE)
      void writePoster(key, capture.kind)
    } else set(key, UNAVAILABLE)
  } catch {
    // Aborted because the row scrolled away: it is asked for again when it comes back.
  }
}

function request(job: UploadJob): void {
  const key = posterKey(job)
  if (posters.has(key) || running.has(key)) return
  waiting.delete(key)
  waiting.set(key, job)
  pump()
}

function release(key: string): void {
  waiting.delete(key)
  running.get(key)?.abort()
}

function subscribe(key: string, listener: () => void): () => void {
  const set = listeners.get(key) ?? new Set()
  listeners.set(key, set)
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) listeners.delete(key)
  }
}

/** The poster of a job shown in a row: asked for while the row is on screen, made at most once. */
export function usePoster(job: UploadJob): Poster {
  const key = posterKey(job)
  const poster = useSyncExternalStore(
    (l) => subscribe(key, l),
    () => posters.get(key) ?? PENDING,
  )
  useEffect(() => {
    shown.set(key, (shown.get(key) ?? 0) + 1)
    // Rows that fly past during a fast scroll never ask: only a row that stays on screen gets decoded.
    const timer = setTimeout(() => request(job), SETTLE_MS)
    return () => {
      clearTimeout(timer)
      const left = (shown.get(key) ?? 1) - 1
      if (left > 0) return void shown.set(key, left)
      shown.delete(key)
      release(key)
    }
    // The key names the job's file; other job fields changing (state, bytes) needs no new poster.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return poster
}

/** Replaces how posters are made and forgets every poster (renderer tests). */
export function UNSAFE_installPosterMaker(next: PosterMaker): void {
  maker = next
  for (const c of running.values()) c.abort()
  running.clear()
  waiting.clear()
  posters.clear()
}
