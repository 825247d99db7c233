import type { Api } from '../common/ipc/api.ts'
import type { AppError, IpcResult } from '../common/ipc/result.ts'

/** The only reader of window.spool (ARCHITECTURE.md §8.10); read on every call so tests can install a FakeApi. */
export function spool(): Api {
  return window.spool
}

/** Unwraps an IpcResult into `[value, null]` or `[null, error]` so store actions read as one line. */
export function settle<T>(result: IpcResult<T>): [T, null] | [null, AppError] {
  return result.ok ? [result.value, null] : [null, result.error]
}
