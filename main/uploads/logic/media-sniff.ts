/**
 * Media detection (pure): by extension first (cheap, for the scan of 10,000 files), then by magic bytes on
 * the first 512 bytes, so a `.mp4` that is really text is refused before a byte is uploaded.
 */

/** Extensions FastPix ingests (video and audio containers). */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp4', 'm4v', 'm4a', 'mov', 'qt', '3gp', '3g2', 'mkv', 'mka', 'webm', 'avi', 'wav', 'ts', 'mts', 'm2ts',
  'mpg', 'mpeg', 'vob', 'm2v', 'ogg', 'ogv', 'oga', 'opus', 'flac', 'mp3', 'aac', 'mxf', 'wmv', 'wma',
  'asf', 'flv', 'f4v', 'aif', 'aiff', 'ac3', 'dv', 'y4m',
]) // prettier-ignore

/** Names the OS or other tools leave behind: never uploaded, never reported as errors. */
export function isSystemFile(name: string): boolean {
  const lower = name.toLowerCase()
  return (
    name.startsWith('.') ||
    lower === 'thumbs.db' ||
    lower === 'ehthumbs.db' ||
    lower === 'desktop.ini' ||
    lower === '$recycle.bin' ||
    lower === 'system volume information'
  )
}

/** The lower-case extension without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** Whether the name looks like a media file. */
export function hasMediaExtension(name: string): boolean {
  return MEDIA_EXTENSIONS.has(extensionOf(name))
}

/** How many leading bytes `sniffContainer` needs. */
export const SNIFF_BYTES = 512

const ascii = (buf: Uint8Array, at: number, text: string): boolean => {
  if (buf.length < at + text.length) return false
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false
  return true
}

const bytesAt = (buf: Uint8Array, at: number, bytes: ReadonlyArray<number>): boolean =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b)

/** The container a file's first bytes announce, or null when none is recognised. */
export function sniffContainer(head: Uint8Array): string | null {
  if (ascii(head, 4, 'ftyp')) return 'isobmff'
  // QuickTime files without ftyp start with a moov/mdat/wide/free/skip/pnot atom.
  for (const atom of ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'])
    if (ascii(head, 4, atom)) return 'quicktime'
  if (bytesAt(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska'
  if (ascii(head, 0, 'RIFF') && (ascii(head, 8, 'AVI ') || ascii(head, 8, 'WAVE'))) return 'riff'
  if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) return 'aiff'
  if (ascii(head, 0, 'OggS')) return 'ogg'
  if (ascii(head, 0, 'fLaC')) return 'flac'
  if (ascii(head, 0, 'ID3')) return 'mp3'
  if (ascii(head, 0, 'FLV')) return 'flv'
  if (ascii(head, 0, 'YUV4MPEG2')) return 'y4m'
  if (bytesAt(head, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf'
  if (bytesAt(head, 0, [0x00, 0x00, 0x01, 0xba]) || bytesAt(head, 0, [0x00, 0x00, 0x01, 0xb3]))
    return 'mpeg-ps'
  if (bytesAt(head, 0, [0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01])) return 'mxf'
  if (bytesAt(head, 0, [0x0b, 0x77])) return 'ac3'
  // MPEG-TS: sync byte 0x47 every 188 bytes (M2TS: every 192 with a 4-byte prefix).
  // Two sync bytes are required: a text file starting with 'G' must not pass.
  if (head[0] === 0x47 && head[188] === 0x47) return 'mpeg-ts'
  if (head[4] === 0x47 && head[196] === 0x47) return 'mpeg-ts'
  // MPEG audio frame sync (11 set bits) with a valid layer, or AAC ADTS (12 set bits, layer 00).
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xe0) === 0xe0) {
    if ((head[1] & 0xf6) === 0xf0) return 'aac-adts'
    if ((head[1] & 0x06) !== 0) return 'mp3'
  }
  return null
}
