import { readdir } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'

/**
 * Sidecar files (issue 15 §2): files beside a video sharing its stem. `clip.srt`, `clip.vtt`, `clip.en.srt`,
 * `clip.pt-BR.vtt` are captions (the part between stem and extension is the language); `clip.jpg`, `.jpeg`,
 * `.png`, `.webp` is the thumbnail.
 */
export const CAPTION_EXTENSIONS: ReadonlySet<string> = new Set(['.srt', '.vtt'])
export const THUMBNAIL_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp'])

/** A language tag as PeerTube and FastPix take them: `en`, `pt-BR`, `zh-Hans`. */
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

export type Caption = Readonly<{ language: string; path: string }>
export type Sidecars = Readonly<{ captions: ReadonlyArray<Caption>; thumbnail: string | null }>

export function isLanguageTag(value: string): boolean {
  return LANGUAGE.test(value)
}

/** Whether a file name is a sidecar by its extension. */
export function isSidecarName(name: string): boolean {
  const ext = extname(name).toLowerCase()
  return CAPTION_EXTENSIONS.has(ext) || THUMBNAIL_EXTENSIONS.has(ext)
}

const stemOf = (name: string): string => name.slice(0, name.length - extname(name).length)

/**
 * What a sidecar name says about the video stem it belongs to: a caption `stem[.lang].ext` or a thumbnail
 * `stem.ext`. A caption without a language takes `fallbackLanguage`.
 */
export function sidecarFor(
  videoName: string,
  candidate: string,
  fallbackLanguage: string,
): Readonly<{ kind: 'caption'; language: string } | { kind: 'thumbnail' }> | null {
  const stem = stemOf(videoName)
  const ext = extname(candidate).toLowerCase()
  const inner = stemOf(candidate)
  if (THUMBNAIL_EXTENSIONS.has(ext)) return inner === stem ? { kind: 'thumbnail' } : null
  if (!CAPTION_EXTENSIONS.has(ext)) return null
  if (inner === stem) return { kind: 'caption', language: fallbackLanguage }
  if (!inner.startsWith(stem + '.')) return null
  const language = inner.slice(stem.length + 1)
  return isLanguageTag(language) ? { kind: 'caption', language } : null
}

/** Lists folders once per pairing pass (10,000 videos in one folder read the folder once). */
export function createFolderReader(): (dir: string) => Promise<ReadonlyArray<string>> {
  const cache = new Map<string, Promise<ReadonlyArray<string>>>()
  return (dir) => {
    let listed = cache.get(dir)
    if (!listed) {
      listed = readdir(dir, { withFileTypes: true }).then(
        (entries) =>
          entries
            .filter((e) => e.isFile())
            .map((e) => e.name)
            .sort(),
        () => [],
      )
      cache.set(dir, listed)
    }
    return listed
  }
}

/** The sidecars beside one video (captions sorted by language; the first thumbnail by name). */
export async function findSidecars(
  videoPath: string,
  fallbackLanguage: string,
  readFolder: (dir: string) => Promise<ReadonlyArray<string>>,
): Promise<Sidecars> {
  const dir = dirname(videoPath)
  const name = basename(videoPath)
  const captions: Caption[] = []
  let thumbnail: string | null = null
  for (const candidate of await readFolder(dir)) {
    const found = sidecarFor(name, candidate, fallbackLanguage)
    if (!found) continue
    if (found.kind === 'thumbnail') thumbnail ??= join(dir, candidate)
    // Two files for one language (clip.srt and clip.en.srt with English as the fallback): the explicit one wins.
    else {
      const at = captions.findIndex((c) => c.language === found.language)
      const explicit = stemOf(candidate) !== stemOf(name)
      if (at < 0) captions.push({ language: found.language, path: join(dir, candidate) })
      else if (explicit) captions[at] = { language: found.language, path: join(dir, candidate) }
    }
  }
  captions.sort((a, b) => a.language.localeCompare(b.language))
  return { captions, thumbnail }
}

/**
 * The captions cell: `en=clip.en.srt; pt-BR=clip.pt-BR.vtt`, file names relative to the video's folder (an
 * absolute path also works).
 */
export function formatCaptions(videoPath: string, captions: ReadonlyArray<Caption>): string {
  const dir = dirname(videoPath)
  return captions
    .map((c) => `${c.language}=${dirname(c.path) === dir ? basename(c.path) : c.path}`)
    .join('; ')
}

/** Reads a captions cell back; entries without `lang=` take their language from the file name or fallback. */
export function parseCaptions(
  videoPath: string,
  cell: string,
  fallbackLanguage: string,
): Array<Readonly<{ language: string; path: string; entry: string }>> {
  const dir = dirname(videoPath)
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const eq = entry.indexOf('=')
      const file = eq > 0 ? entry.slice(eq + 1).trim() : entry
      const path = isAbsolute(file) ? file : resolve(dir, file)
      const named = sidecarFor(basename(videoPath), basename(file), fallbackLanguage)
      const language =
        eq > 0 ? entry.slice(0, eq).trim() : named?.kind === 'caption' ? named.language : fallbackLanguage
      return { language, path, entry }
    })
}

/** A cell naming one file relative to the video's folder (thumbnail). */
export function resolveBeside(videoPath: string, cell: string): string {
  const file = cell.trim()
  return isAbsolute(file) ? file : resolve(dirname(videoPath), file)
}

/** The thumbnail cell: the file name when it is beside the video. */
export function formatBeside(videoPath: string, path: string): string {
  return dirname(path) === dirname(videoPath) ? basename(path) : path
}
