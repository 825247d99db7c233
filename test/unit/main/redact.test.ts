import { describe, expect, test } from 'vitest'
import { redact, registerSecret } from '../../../main/logging/redact.ts'

describe('redact', () => {
  test.each([
    [
      'PUT http://127.0.0.1:9/upload/x?upload_id=abc123&X-Goog-Signature=deadbeef failed',
      'PUT http://127.0.0.1:9/upload/x?[redacted] failed',
    ],
    ['{"authorization":"Basic dXNlcjpzZWNyZXQ="}', '{"authorization":"[redacted]"}'],
    ['Authorization: Bearer abcdefghijkl', 'Authorization: [redacted]'],
    ['sent Basic dXNlcjpzZWNyZXQ= to api', 'sent Basic [redacted] to api'],
    ['query upload_id=AbC_123-x&next', 'query upload_id=[redacted]&next'],
    ['X-Goog-Credential=svc%40x/20260101', 'X-Goog-Credential=[redacted]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected)
  })

  test('masks registered secrets anywhere in the text', () => {
    registerSecret('CANARY-SECRET-123456')
    expect(redact('key=CANARY-SECRET-123456 and again CANARY-SECRET-123456')).toBe(
      'key=[redacted] and again [redacted]',
    )
  })

  test('leaves ordinary text alone', () => {
    expect(redact('uploaded 3 files to https://api.fastpix.com/v1/on-demand')).toBe(
      'uploaded 3 files to https://api.fastpix.com/v1/on-demand',
    )
  })
})
