import { describe, expect, test } from 'vitest'
import {
  extensionOf,
  hasMediaExtension,
  isSystemFile,
  sniffContainer,
} from '../../../main/uploads/logic/media-sniff.ts'

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))))
const pad = (b: Uint8Array, n = 512): Uint8Array =>
  Buffer.concat([b, Buffer.alloc(Math.max(0, n - b.length))])

describe('scanner filters', () => {
  test('system and hidden files are skipped', () => {
    for (const n of ['.DS_Store', 'Thumbs.db', 'desktop.ini', '._clip.mp4', '.hidden.mov', 'THUMBS.DB'])
      expect(isSystemFile(n)).toBe(true)
    for (const n of ['clip.mp4', 'a.b.mov', 'Thumbs.db.mp4']) expect(isSystemFile(n)).toBe(false)
  })
  test('extensions', () => {
    expect(extensionOf('A.MP4')).toBe('mp4')
    expect(extensionOf('noext')).toBe('')
    expect(extensionOf('.mp4')).toBe('')
    expect(
      ['x.mp4', 'x.MOV', 'x.mkv', 'x.webm', 'x.wav', 'x.mxf', 'x.m2ts', 'x.flac'].every(hasMediaExtension),
    ).toBe(true)
    expect(['x.txt', 'x.jpg', 'x.srt', 'x'].some(hasMediaExtension)).toBe(false)
  })
})

describe('sniffContainer', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['mp4/mov ftyp', bytes([0, 0, 0, 0x18], 'ftypisom'), 'isobmff'],
    ['old QuickTime moov', bytes([0, 0, 0, 8], 'moov'), 'quicktime'],
    ['Matroska/WebM', bytes([0x1a, 0x45, 0xdf, 0xa3]), 'matroska'],
    ['AVI', bytes('RIFF', [0, 0, 0, 0], 'AVI '), 'riff'],
    ['WAV', bytes('RIFF', [0, 0, 0, 0], 'WAVE'), 'riff'],
    ['AIFF', bytes('FORM', [0, 0, 0, 0], 'AIFF'), 'aiff'],
    ['Ogg', bytes('OggS'), 'ogg'],
    ['FLAC', bytes('fLaC'), 'flac'],
    ['MP3 ID3', bytes('ID3', [4, 0]), 'mp3'],
    ['MP3 frame sync', bytes([0xff, 0xfb, 0x90]), 'mp3'],
    ['AAC ADTS', bytes([0xff, 0xf1, 0x50]), 'aac-adts'],
    ['MPEG-PS', bytes([0, 0, 1, 0xba]), 'mpeg-ps'],
    ['MXF', bytes([0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01]), 'mxf'],
    ['FLV', bytes('FLV', [1]), 'flv'],
    ['ASF/WMV', bytes([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]), 'asf'],
  ]
  for (const [name, head, kind] of cases) test(name, () => expect(sniffContainer(pad(head))).toBe(kind))
  test('MPEG-TS needs two sync bytes 188 apart', () => {
    const ts = new Uint8Array(512)
    ts[0] = 0x47
    ts[188] = 0x47
    expect(sniffContainer(ts)).toBe('mpeg-ts')
    const m2ts = new Uint8Array(512)
    m2ts[4] = 0x47
    m2ts[196] = 0x47
    expect(sniffContainer(m2ts)).toBe('mpeg-ts')
  })
  test('text pretending to be media is refused', () => {
    expect(sniffContainer(Buffer.from('Good morning, this is not a video at all.\n'))).toBeNull()
    expect(sniffContainer(Buffer.from('<html><body>hi</body></html>'))).toBeNull()
    expect(sniffContainer(new Uint8Array(0))).toBeNull()
  })
})
