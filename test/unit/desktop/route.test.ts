import { describe, expect, test } from 'vitest'
import { assertLiteralPath, idSegment } from '../../../main/http/route.ts'

const BASE = 'http://127.0.0.1:4000/v1'

describe('URL paths that cannot be steered (issue 14 §1)', () => {
  test.each(['on-demand', '/on-demand/abc', 'on-demand/a-b_c/tracks/x~y'])('%s is sent as written', (p) => {
    expect(assertLiteralPath(BASE, p)).toBe(p.replace(/^\//, ''))
  })

  test.each([
    'on-demand/..',
    'on-demand/.',
    'on-demand//x',
    'on-demand/',
    'on-demand/%2e%2e',
    'on-demand/a%2Fb',
    'on-demand/x?y',
    'on-demand/x#y',
    'on-demand/..\\x',
    'on-demand/．．',
    '//evil.example/v1',
    '',
  ])('%j is refused', (p) => {
    expect(() => assertLiteralPath(BASE, p)).toThrow(/unexpected path/)
  })

  test('an id segment must have the provider shape and no dots', () => {
    expect(idSegment('abc', 'id', /^[a-z]+$/)).toBe('abc')
    for (const bad of ['.', '..', '', 'a.b', 'a/b', '%2e', 'ABC'])
      expect(() => idSegment(bad, 'id', /^[a-z.%/]*$/)).toThrow(/is not a valid id/)
  })
})
