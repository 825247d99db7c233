import { describe, expect, test } from 'vitest'
import { AppFailure } from '../../../../common/ipc/result.ts'
import {
  apiUrl,
  languageRef,
  parseUploadUrl,
  staticUrl,
  uploadUrlFromLocation,
  videoRef,
} from '../../../../main/providers/peertube/routes.ts'

const BASE = 'https://video.example.org'
const MALICIOUS = [
  '..',
  '.',
  '...',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2F',
  '%2f',
  '%5C',
  'a/b',
  'a\\b',
  '',
  ' ',
  '．．',
  '∕',
  '6/../../users/me',
  '6?x=1',
  '6#frag',
  '6%00',
  '-1',
  '0',
  '1.5',
  '1e3',
  '١٢',
  'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd/..',
  'waP5cNWkvBfp9DZkV4gmZ', // 21 characters
  'waP5cNWkvBfp9DZkV4gmZK0', // 23 characters
  'waP5cNWkvBfp9DZkV4gmZ0', // '0' is not base58
  'upload-resumable',
  '9999999999999999999',
]

describe('PeerTube id and URL guards', () => {
  test.each(MALICIOUS)('videoRef refuses %j', (id) => {
    expect(() => videoRef(id)).toThrow(AppFailure)
  })

  test.each([6, '6', 'f450dcf8-f42a-4dce-82f5-93ffcf95bbcd', 'waP5cNWkvBfp9DZkV4gmZK'])(
    'videoRef accepts %j',
    (id) => {
      const ref = videoRef(id)
      expect(apiUrl(BASE, ['videos', ref]).pathname).toBe(`/api/v1/videos/${String(id)}`)
    },
  )

  test('numeric ids must be safe positive integers', () => {
    expect(() => videoRef(0)).toThrow()
    expect(() => videoRef(-3)).toThrow()
    expect(() => videoRef(1.5)).toThrow()
    expect(() => videoRef(Number.MAX_SAFE_INTEGER + 2)).toThrow()
  })

  /** The ones that would change the path (the rest are well-formed segments but not PeerTube ids). */
  const PATH_CHANGING = MALICIOUS.filter((s) => !/^[A-Za-z0-9_.-]+$/.test(s) || /^\.+$/.test(s))
  test('the path-changing set is the one expected', () => {
    expect(PATH_CHANGING).toContain('%2e%2e')
    expect(PATH_CHANGING).toContain('．．')
    expect(PATH_CHANGING).toContain('')
    expect(PATH_CHANGING).toHaveLength(21)
  })

  test.each(PATH_CHANGING)('apiUrl refuses the segment %j', (segment) => {
    expect(() => apiUrl(BASE, ['videos', segment])).toThrow(AppFailure)
    expect(() => apiUrl(BASE, ['videos', '6', 'captions', segment])).toThrow(AppFailure)
  })

  test.each(['..', '%2e%2e', 'en/../x', '', 'EN!', '．．', 'e∕n', 'xx-bad-lang-too-long-by-far'])(
    'languageRef refuses %j',
    (lang) => {
      expect(() => languageRef(lang)).toThrow(AppFailure)
    },
  )

  test.each(['en', 'pt-BR', 'zh-Hans', 'sgn', 'xx-bad'])('languageRef accepts %j', (lang) => {
    expect(languageRef(lang)).toBe(lang)
  })

  test('query values are encoded, never change the path', () => {
    const url = apiUrl(BASE, ['users', 'me', 'videos'], { search: '../../admin?x=1#y', start: 0 })
    expect(url.pathname).toBe('/api/v1/users/me/videos')
    expect(url.searchParams.get('search')).toBe('../../admin?x=1#y')
  })

  test('upload Location is rebuilt on the configured instance', () => {
    const id = 'af63a84c86019430-f4b3eb8b69914c74-ca6c778bb32eb60b-c48c670d1be6b5d8'
    const fromOtherHost = uploadUrlFromLocation(
      BASE,
      `//evil.example:9000/api/v1/videos/upload-resumable?upload_id=${id}`,
    )
    expect(fromOtherHost.toString()).toBe(`${BASE}/api/v1/videos/upload-resumable?upload_id=${id}`)
    expect(() => uploadUrlFromLocation(BASE, `//h/api/v1/videos/other?upload_id=${id}`)).toThrow()
    expect(() => uploadUrlFromLocation(BASE, '//h/api/v1/videos/upload-resumable')).toThrow()
    expect(() => uploadUrlFromLocation(BASE, '//h/api/v1/videos/upload-resumable?upload_id=../x')).toThrow()
    expect(() =>
      uploadUrlFromLocation(BASE, '//h/api/v1/videos/x/../upload-resumable?upload_id=abcdef0123'),
    ).not.toThrow()
  })

  test('a stored session URL must belong to the instance', () => {
    const id = 'af63a84c86019430-f4b3eb8b69914c74'
    expect(parseUploadUrl(BASE, `${BASE}/api/v1/videos/upload-resumable?upload_id=${id}`).uploadId).toBe(id)
    expect(() =>
      parseUploadUrl(BASE, `https://evil.example/api/v1/videos/upload-resumable?upload_id=${id}`),
    ).toThrow()
    expect(() => parseUploadUrl(BASE, 'not a url')).toThrow()
  })

  test('static paths from bodies stay on the instance', () => {
    expect(staticUrl(BASE, '/lazy-static/thumbnails/a.jpg')).toBe(`${BASE}/lazy-static/thumbnails/a.jpg`)
    expect(staticUrl(BASE, '//evil.example/a.jpg')).toBeNull()
    expect(staticUrl(BASE, 'https://evil.example/a.jpg')).toBeNull()
    expect(staticUrl(BASE, null)).toBeNull()
  })
})
