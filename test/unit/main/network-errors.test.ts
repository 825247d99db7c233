import { describe, expect, test } from 'vitest'
import { RequestError } from 'got'
import { AppFailure } from '../../../common/ipc/result.ts'
import {
  classifyNetworkError,
  networkAppError,
  networkErrorCode,
  toNetworkFailure,
} from '../../../main/http/network-errors.ts'
import { toHttpFailure } from '../../../main/http/errors.ts'
import { networkFailure } from '../../../main/http/exchange.ts'

const sys = (code: string, syscall?: string): Error =>
  Object.assign(new Error(`${syscall ?? 'socket'} ${code}`), { code, ...(syscall ? { syscall } : {}) })

/** What got throws: a RequestError wrapping the socket error (its code copied, the error kept as cause). */
const gotError = (cause: Error): RequestError => new RequestError(cause.message, cause, undefined as never)

const codeOf = (failure: unknown): string | undefined => (failure as AppFailure).appError?.code

describe('classifyNetworkError: one verdict per errno', () => {
  test.each([
    ['ENOTFOUND', 'getaddrinfo', 'unreachable'],
    ['EAI_AGAIN', 'getaddrinfo', 'unreachable'],
    ['ECONNREFUSED', 'connect', 'unreachable'],
    ['ENETUNREACH', 'connect', 'unreachable'],
    ['EHOSTUNREACH', 'connect', 'unreachable'],
    ['ENETDOWN', 'connect', 'unreachable'],
    // After connect the request may have been written: ambiguous.
    ['ENETUNREACH', 'write', 'interrupted'],
    ['EHOSTUNREACH', 'read', 'interrupted'],
    ['ECONNRESET', 'read', 'interrupted'],
    ['ECONNRESET', undefined, 'interrupted'],
    ['EPIPE', 'write', 'interrupted'],
    ['ETIMEDOUT', 'read', 'interrupted'],
    ['ECONNABORTED', undefined, 'interrupted'],
    ['ERR_STREAM_PREMATURE_CLOSE', undefined, 'interrupted'],
    ['EPROTO', undefined, 'interrupted'],
    ['ESOMETHINGNEW', undefined, 'interrupted'],
  ])('%s (syscall %s) is %s', (code, syscall, kind) => {
    expect(classifyNetworkError(sys(code, syscall))).toBe(kind)
    expect(classifyNetworkError(gotError(sys(code, syscall)))).toBe(kind)
  })

  test('an error without a code is interrupted (never "offline")', () => {
    expect(classifyNetworkError(new Error('boom'))).toBe('interrupted')
    expect(classifyNetworkError(gotError(new Error('boom')))).toBe('interrupted')
    expect(classifyNetworkError(null)).toBe('interrupted')
  })

  test('aborts are aborts', () => {
    expect(classifyNetworkError(new DOMException('aborted', 'AbortError'))).toBe('aborted')
    expect(classifyNetworkError(Object.assign(new Error('x'), { code: 'ERR_ABORTED' }))).toBe('aborted')
  })

  test('the code of the socket error under a wrapper is reported', () => {
    expect(networkErrorCode(gotError(sys('ECONNRESET')))).toBe('ECONNRESET')
    expect(networkErrorCode({})).toBe('unknown')
  })
})

describe('the AppErrors built from the verdict', () => {
  test('unreachable → network/offline, interrupted → network/reset, both retryable', () => {
    expect(networkAppError(sys('ENOTFOUND', 'getaddrinfo'))).toMatchObject({
      code: 'network/offline',
      retryable: true,
      detail: 'ENOTFOUND',
    })
    expect(networkAppError(sys('ECONNRESET'))).toMatchObject({
      code: 'network/reset',
      retryable: true,
      detail: 'ECONNRESET',
    })
  })

  test('aborts and AppFailures pass through untouched', () => {
    const abort = new DOMException('aborted', 'AbortError')
    expect(toNetworkFailure(abort)).toBe(abort)
    const failure = new AppFailure(networkAppError(sys('EPIPE')))
    expect(toNetworkFailure(failure)).toBe(failure)
  })

  test('the got client and the session transport agree on every errno', () => {
    for (const [code, syscall] of [
      ['ENOTFOUND', 'getaddrinfo'],
      ['ECONNREFUSED', 'connect'],
      ['EHOSTUNREACH', 'connect'],
      ['ECONNRESET', 'read'],
      ['EPIPE', 'write'],
      ['EWHATEVER', undefined],
    ] as const) {
      const viaGot = codeOf(toHttpFailure(gotError(sys(code, syscall))))
      const viaSession = codeOf(networkFailure(sys(code, syscall)))
      expect(viaGot, code).toBe(viaSession)
    }
    // The bug this replaced: an unknown socket error used to be "offline" through got.
    expect(codeOf(toHttpFailure(gotError(sys('EWHATEVER'))))).toBe('network/reset')
  })
})
