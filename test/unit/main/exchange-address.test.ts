import { describe, expect, test } from 'vitest'
import { exchange } from '../../../main/http/exchange.ts'
import { AppFailure } from '../../../common/ipc/result.ts'

// Issue 13 point 3: a stored session address no session can live at used to be "sent" to localhost:80 and
// fail as ECONNREFUSED, i.e. "offline", forever. It is a dead session: the job makes a fresh upload.
describe('exchange refuses an address that is not an absolute http(s) URL', () => {
  for (const uri of [
    'file:///etc/passwd',
    '/upload/relative?upload_id=x',
    'javascript:alert(1)',
    'not a url',
    'http://',
  ]) {
    test(JSON.stringify(uri), async () => {
      const caught: unknown = await exchange(
        uri,
        { idleTimeoutMs: 1000 },
        { method: 'PUT', headers: {} },
      ).catch((e: unknown) => e)
      expect(caught).toBeInstanceOf(AppFailure)
      expect((caught as AppFailure).appError.code).toBe('upload/session-expired')
      expect((caught as AppFailure).appError.message).not.toContain(uri)
    })
  }
})
