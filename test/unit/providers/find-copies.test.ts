import { describe, expect, test } from 'vitest'
import { asMediaId } from '../../../common/domain/ids.ts'
import type { Media } from '../../../common/domain/media.ts'
import { encodeSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { copiesByFingerprint } from '../../../main/providers/fastpix/to-domain.ts'
import { peerTubeFailure } from '../../../main/providers/peertube/errors.ts'
import { findCopiesOnPeerTube } from '../../../main/providers/peertube/library.ts'
import type { VideoSource } from '../../../main/providers/peertube/schemas.ts'
import type { ContentProbe } from '../../../main/providers/provider.ts'

// Issue 13 §2: how each provider tells that its library already holds a local file.

const media = (id: string, patch: Partial<Media> = {}): Media =>
  ({
    id: asMediaId(id),
    title: id,
    status: 'Ready',
    durationSeconds: null,
    createdAt: '2026-01-01T00:00:00Z',
    metadata: {},
    ...patch,
  }) as Media

const probe = (name: string, size: number, duration: number | null = null): ContentProbe => ({
  path: `/card/${name}`,
  name,
  size,
  fingerprint: `1.${size.toString(36)}.00000000ffffffff`,
  readDuration: () => Promise.resolve(duration),
})

describe("FastPix: by the fingerprint in Spool's metadata key", () => {
  test("a media carrying the file's fingerprint is its copy; a failed one or another fingerprint is not", () => {
    const file = probe('A001.mp4', 5000)
    const tagged = (id: string, fingerprint: string, patch: Partial<Media> = {}) =>
      media(id, { metadata: { spool: encodeSpoolMetadata({ folder: 'card', fingerprint }) }, ...patch })
    expect(copiesByFingerprint([file], [tagged('m1', file.fingerprint)])).toEqual([
      { path: file.path, mediaId: 'm1', title: 'm1' },
    ])
    expect(copiesByFingerprint([file], [tagged('m2', '1.3w.0000000000000000')])).toEqual([])
    expect(copiesByFingerprint([file], [tagged('m3', file.fingerprint, { status: 'Failed' })])).toEqual([])
  })
})

describe('PeerTube: by original name, size and duration', () => {
  const library = (sources: Record<string, VideoSource | 'gone'>) => {
    const asked: string[] = []
    return {
      asked,
      videoSource: (id: string | number) => {
        asked.push(String(id))
        const source = sources[String(id)]
        if (source === 'gone' || !source)
          return Promise.reject(peerTubeFailure('not-found', 'api/not-found', 'No such video.'))
        return Promise.resolve(source)
      },
    }
  }

  test('the same original name and size; a renamed copy by size and duration', async () => {
    const lib = library({
      v1: { inputFilename: 'A001.mp4', size: 5000 },
      v2: { inputFilename: 'MVI_0002.mp4', size: 7000 },
    })
    const cached = [media('v1', { title: 'A001' }), media('v2', { title: 'Beach', durationSeconds: 12 })]
    const copies = await findCopiesOnPeerTube(
      lib,
      [probe('A001.mp4', 5000), probe('holiday.mp4', 7000, 12.4), probe('other.mp4', 7000, 30)],
      cached,
    )
    expect(copies.map((c) => [c.path, c.mediaId])).toEqual([
      ['/card/A001.mp4', 'v1'],
      ['/card/holiday.mp4', 'v2'],
    ])
  })

  test('a different size, a failed video or a source that is gone is not a copy', async () => {
    const lib = library({ v1: { inputFilename: 'A001.mp4', size: 4999 }, v3: 'gone' })
    const cached = [
      media('v1', { title: 'A001' }),
      media('v2', { title: 'A001', status: 'Failed' }),
      media('v3', { title: 'A001' }),
    ]
    expect(await findCopiesOnPeerTube(lib, [probe('A001.mp4', 5000)], cached)).toEqual([])
    // Only candidates are asked about: the failed video never is.
    expect(lib.asked).toEqual(['v1', 'v3'])
  })

  test('a video unrelated by title and duration is never asked about', async () => {
    const lib = library({})
    const cached = [media('v9', { title: 'Something else', durationSeconds: 99 })]
    expect(await findCopiesOnPeerTube(lib, [probe('A001.mp4', 5000, 12)], cached)).toEqual([])
    expect(lib.asked).toEqual([])
  })
})
