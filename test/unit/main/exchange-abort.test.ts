import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Writable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { exchange } from '../../../main/http/exchange.ts'
import type { ChunkSource } from '../../../main/providers/provider.ts'

// A pause or cancel (the queue aborts the runner with the reason 'control') can land while the runner reads
// the file just before a chunk goes out. The exchange then began with its signal already aborted, destroyed
// its request before listening for the request's 'error', and that event ended `spool upload` with
// "something went wrong inside Spool: aborted" (seen in control.test.ts under a full `npm run check`).

let server: Server
let uri: string
let requests = 0
const uncaught: unknown[] = []
const onUncaught = (error: unknown): void => void uncaught.push(error)

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++
    req.resume()
    req.on('end', () => res.writeHead(308).end())
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload?upload_id=x`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))
beforeEach(() => {
  requests = 0
  uncaught.length = 0
  process.on('uncaughtException', onUncaught)
})
afterEach(() => void process.off('uncaughtException', onUncaught))

/** Lets every pending 'error' event fire (they are emitted on a later tick). */
const settle = () => new Promise((done) => setTimeout(done, 50))

/** A body that writes `bytes` and then never ends, so the exchange is in flight when the test aborts it. */
const stuckBody = (bytes: number): ChunkSource => ({
  writeTo: (sink: Writable) => {
    sink.write(Buffer.alloc(bytes))
    return new Promise(() => {})
  },
})

test('a signal already aborted (the queue\'s reason "control") rejects with an AbortError and sends nothing', async () => {
  const controller = new AbortController()
  controller.abort('control')
  const caught: unknown = await exchange(
    uri,
    { idleTimeoutMs: 5_000 },
    { method: 'PUT', headers: { 'content-length': '4' }, body: stuckBody(4), signal: controller.signal },
  ).catch((e: unknown) => e)
  await settle()
  expect((caught as Error).name).toBe('AbortError')
  expect(uncaught).toEqual([])
  expect(requests).toBe(0)
})

test('a signal aborted while the chunk streams rejects with that AbortError, and nothing escapes', async () => {
  const controller = new AbortController()
  const sending = exchange(
    uri,
    { idleTimeoutMs: 5_000 },
    {
      method: 'PUT',
      headers: { 'content-length': String(1 << 20) },
      body: stuckBody(64 * 1024),
      signal: controller.signal,
      onBytesSent: () => {},
    },
  ).catch((e: unknown) => e)
  await new Promise((done) => setTimeout(done, 20))
  controller.abort('control')
  const caught = await sending
  await settle()
  expect((caught as Error).name).toBe('AbortError')
  expect(uncaught).toEqual([])
})
