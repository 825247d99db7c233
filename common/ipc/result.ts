/**
 * Typed failures (ARCHITECTURE.md §8.4). Adapters map HTTP, SQLite, keychain and file-system errors to these codes;
 * the UI and the CLI render codes, never raw exceptions. `message` is always something a user can act on.
 */
export const APP_ERROR_CODES = [
  'network/offline',
  'network/timeout',
  'network/reset',
  'auth/invalid-credentials',
  'auth/forbidden',
  'auth/keychain-unavailable',
  'auth/no-account',
  /** PeerTube two-factor sign-in: ask the user for the one-time code and send the same request with it. */
  'auth/otp-required',
  /** A self-hosted server's certificate is not trusted: `detail` is its SHA-256 fingerprint, to confirm and pin. */
  'auth/untrusted-certificate',
  'api/bad-request',
  'api/not-found',
  'api/conflict',
  'api/validation',
  'api/rate-limited',
  'api/server',
  'api/origin-timeout',
  'api/malformed-response',
  'api/not-ready',
  'api/not-supported',
  'upload/session-expired',
  'upload/rejected',
  'upload/quota-exceeded',
  'upload/integrity-mismatch',
  'upload/source-changed',
  'upload/source-missing',
  'upload/source-unreadable',
  'upload/empty-file',
  'upload/not-media',
  'upload/duplicate',
  'upload/processing-failed',
  'upload/locked',
  'fs/disk-full',
  'fs/permission',
  'db/error',
  'ipc/invalid-payload',
  'ipc/untrusted-sender',
  'ipc/unknown-channel',
  'ipc/invalid-reply',
  'input/invalid',
  'input/not-chosen',
  'input/not-confirmed',
  'internal/unexpected',
] as const

/** One AppError code (the list above is the runtime copy main checks its replies with). */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

/** A field-level complaint, as FastPix's 422 body carries them. */
export type FieldError = Readonly<{ field: string; message: string }>

/** A failure as it crosses any boundary (IPC, CLI JSON, logs). Never carries a secret or a session URI. */
export type AppError = Readonly<{
  code: AppErrorCode
  message: string
  /** The server's own wording or other detail worth showing under the message. */
  detail?: string
  /** HTTP status when the failure came from a server. */
  status?: number
  fields?: ReadonlyArray<FieldError>
  /** Whether trying the same thing again later can succeed. */
  retryable?: boolean
  /** How long the server asked to wait before trying again (from Retry-After), in milliseconds. */
  retryAfterMs?: number
}>

/** The envelope every IPC invoke returns. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppError }

/** Wraps a value as a success. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

/** Wraps an error as a failure. */
export function err<T = never>(error: AppError): IpcResult<T> {
  return { ok: false, error }
}

/** Builds an AppError; a small helper so call sites read as one line. */
export function appError(
  code: AppErrorCode,
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {},
): AppError {
  return { code, message, ...extra }
}

/**
 * The exception form of an AppError, thrown inside main's adapters and services and turned back into an
 * `IpcResult` or a CLI message at the boundary. Anything else thrown is a bug and is reported as
 * `internal/unexpected`.
 */
export class AppFailure extends Error {
  readonly appError: AppError
  constructor(error: AppError) {
    super(error.message)
    this.name = 'AppFailure'
    this.appError = error
  }
}

/** Throws an AppFailure: `fail('upload/empty-file', 'The file is empty')`. */
export function fail(
  code: AppErrorCode,
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {},
): never {
  throw new AppFailure(appError(code, message, extra))
}

/** Converts anything caught into an AppError; unknown exceptions become `internal/unexpected`. */
export function toAppError(caught: unknown): AppError {
  if (caught instanceof AppFailure) return caught.appError
  return appError('internal/unexpected', 'Something went wrong inside Spool. The details are in the log.')
}
