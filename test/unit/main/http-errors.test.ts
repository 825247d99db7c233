import { describe, expect, test } from 'vitest'
import { errorFromResponse } from '../../../main/http/errors.ts'

describe('errorFromResponse', () => {
  test('401 asks the user to check credentials', () => {
    const e = errorFromResponse(401, { success: false, error: { code: 401, message: 'Unauthorized' } })
    expect(e.code).toBe('auth/invalid-credentials')
    expect(e.status).toBe(401)
  })

  test('422 lists the fields FastPix complained about', () => {
    const body = JSON.stringify({
      success: false,
      error: {
        code: 422,
        message: 'payload validation failed',
        fields: [{ field: 'title', message: 'is too long' }],
      },
    })
    const e = errorFromResponse(422, body, 'Updating the media')
    expect(e.code).toBe('api/validation')
    expect(e.message).toContain('title is too long')
    expect(e.fields).toEqual([{ field: 'title', message: 'is too long' }])
  })

  test('400 keeps the server wording', () => {
    const e = errorFromResponse(400, {
      success: false,
      error: {
        code: 400,
        message: 'Summary not enabled',
        description: 'Summary is not enabled for the requested media',
      },
    })
    expect(e.code).toBe('api/bad-request')
    expect(e.detail).toBe('Summary not enabled: Summary is not enabled for the requested media')
  })

  test.each([
    [429, 'api/rate-limited'],
    [503, 'api/server'],
    [524, 'api/origin-timeout'],
    [404, 'api/not-found'],
    [409, 'api/conflict'],
    [403, 'auth/forbidden'],
  ])('%i maps to %s', (status, code) => {
    expect(errorFromResponse(status, 'not json at all').code).toBe(code)
  })

  test('retryable statuses are marked retryable', () => {
    expect(errorFromResponse(503, null).retryable).toBe(true)
    expect(errorFromResponse(400, null).retryable).toBeUndefined()
  })
})
