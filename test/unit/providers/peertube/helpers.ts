import type { Writable } from 'node:stream'
import { expect } from 'vitest'
import { AppFailure } from '../../../../common/ipc/result.ts'
import type { ChunkRequest, ChunkSource } from '../../../../main/providers/provider.ts'
import { createPeerTubeApiClient } from '../../../../main/providers/peertube/api-client.ts'
import { PeerTubeFailure, type PeerTubeReason } from '../../../../main/providers/peertube/errors.ts'
import { createPeerTubeLibrary } from '../../../../main/providers/peertube/library.ts'
import { createOAuthSession, type Tokens } from '../../../../main/providers/peertube/oauth.ts'
import type { ResumableDeps } from '../../../../main/providers/peertube/resumable.ts'
import { freshTokens, memoryStore, type ReplayServer } from './replay-server.ts'

export type Ctx = ReturnType<typeof makeContext>

/** A session, client, library and upload deps pointed at the replay server. */
export function makeContext(
  server: ReplayServer,
  options: { tokens?: Tokens | null; retryLimit?: number; now?: () => number } = {},
) {
  const store = memoryStore(options.tokens === undefined ? freshTokens() : options.tokens)
  const session = createOAuthSession({
    instanceUrl: server.url,
    username: 'uploader8sin',
    store,
    ...(options.now ? { now: options.now } : {}),
  })
  const client = createPeerTubeApiClient({ session, retryLimit: options.retryLimit ?? 0 })
  const library = createPeerTubeLibrary(client)
  const deps: ResumableDeps = { client, transport: { idleTimeoutMs: 5_000 } }
  return { server, store, session, client, library, deps }
}

/** A chunk source writing `bytes` with back-pressure. */
export function source(bytes: Buffer): ChunkSource {
  return {
    async writeTo(sink: Writable, onBytes: (n: number) => void) {
      await new Promise<void>((resolve, reject) => sink.write(bytes, (e) => (e ? reject(e) : resolve())))
      onBytes(bytes.length)
    },
  }
}

export function chunk(start: number, length: number, total: number, fill = 7): ChunkRequest {
  return {
    start,
    length,
    total,
    body: source(Buffer.alloc(length, fill)),
    signal: new AbortController().signal,
  }
}

export type Outcome = Readonly<{ value?: unknown; error?: unknown }>

export async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() }
  } catch (error) {
    return { error }
  }
}

/** Asserts a typed failure with `code` (and `reason`), returning it. */
export function expectFailure(result: Outcome, code: string, reason?: PeerTubeReason): PeerTubeFailure {
  expect(result.error, `expected ${code}, got value ${JSON.stringify(result.value)}`).toBeInstanceOf(
    AppFailure,
  )
  const failure = result.error as PeerTubeFailure
  expect(failure.appError.code).toBe(code)
  if (reason) {
    expect(failure).toBeInstanceOf(PeerTubeFailure)
    expect(failure.reason).toBe(reason)
  }
  return failure
}

export function expectValue<T>(result: Outcome): T {
  if (result.error) throw result.error instanceof Error ? result.error : new Error('failed')
  return result.value as T
}
