import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { emptyRow } from '../../../common/domain/manifest.ts'
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../common/ipc/channels.ts'
import { createCore, type Core } from '../../../main/core.ts'
import { dispatch } from '../../../main/ipc/dispatch.ts'
import { createFastPixProvider } from '../../../main/providers/fastpix/fastpix-provider.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'
import { startRecordingServer, type RecordingServer } from './recording-server.ts'

// Issue 14 §1: ids reach URL paths. Every channel gets every string in its payload replaced, one at a time,
// by values that try to change the path; no request may leave with a path other than an intended route.

const M = '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f'
const T = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const U = '0d7cf616-8f43-4372-9d7d-cef1b1cf0c58'

/** A valid payload per channel; the test fails when a channel is missing, so new channels are fuzzed too. */
const VALID: { [C in InvokeChannel]: unknown } = {
  'uploads:list': null,
  'uploads:batches': null,
  'uploads:enqueue': { paths: ['/tmp/x.mp4'], settings: { accessPolicy: 'public', metadata: {} } },
  'uploads:grant-dropped': { paths: ['/tmp/spool-fuzz-nothing-here'] },
  'uploads:plan': {
    paths: ['/tmp/x.mp4'],
    settings: { accounts: ['sandbox'], defaults: { title: '{name}' } },
  },
  'uploads:pick-and-plan': { kind: 'files', settings: { accounts: ['sandbox'], defaults: {} } },
  'uploads:start-plan': { rows: [emptyRow('/tmp/x.mp4')], accounts: ['sandbox'], manifest: null },
  'manifest:import': { accounts: ['sandbox'] },
  'manifest:export': { rows: [emptyRow('/tmp/x.mp4')] },
  'uploads:pick-and-enqueue': { kind: 'files', settings: { accessPolicy: 'public', metadata: {} } },
  'uploads:pause': { ids: [M] },
  'uploads:resume': { ids: [M] },
  'uploads:cancel': { ids: [M] },
  'uploads:retry': { ids: [M] },
  'uploads:clear-done': null,
  'uploads:pick-and-relocate': null,
  'library:refresh': null,
  'library:query': { sort: 'created-desc', offset: 0, limit: 10, search: 'x' },
  'library:folders': null,
  'library:get': { id: M },
  'library:update': { id: M, patch: { title: 't', metadata: { k: 'v' } } },
  'library:delete': { ids: [M] },
  'library:summary': { id: M },
  'library:generate-summary': { id: M },
  'library:set-mp4': { id: M, option: 'capped_4k' },
  'library:export-manifest': { ids: [M] },
  'library:set-privacy': { id: M, privacy: 'unlisted' },
  'library:set-source-access': { id: M, on: true },
  'library:input-info': { id: M },
  'library:clips': { id: M },
  'tracks:add': {
    mediaId: M,
    track: {
      type: 'subtitle',
      url: 'https://example.com/a.vtt',
      languageCode: 'en',
      languageName: 'English',
    },
  },
  'tracks:update': { mediaId: M, trackId: T, patch: { title: 'x' } },
  'tracks:delete': { mediaId: M, trackId: T },
  'tracks:generate-subtitles': { mediaId: M, trackId: T, languageCode: 'en', languageName: 'English' },
  'unused:list': null,
  'unused:cancel': { uploadIds: [U] },
  'accounts:list': null,
  'accounts:add': { name: 'other', apiUrl: 'http://127.0.0.1:9/v1', tokenId: 'a', secretKey: 'b' }, // URL set below
  // Port 9 (discard) on loopback: the sign-in never reaches the recording server, whatever the strings.
  'accounts:add-peertube': {
    name: 'pt',
    instanceUrl: 'http://127.0.0.1:9',
    username: 'someone',
    password: 'pw',
    otp: '123456',
  },
  'accounts:update': { name: 'fuzz', patch: { tokenId: 'token', secretKey: 'secret' } },
  'accounts:capabilities': { name: 'fuzz' },
  'accounts:channels': { name: 'fuzz' },
  'accounts:remove': { name: 'nobody' },
  'accounts:select': { name: 'fuzz' },
  'accounts:test': { name: 'fuzz' },
  'settings:get': null,
  'settings:update': { concurrency: 2 },
  'app:info': null,
  'app:open-link': { link: 'fastpix-dashboard' },
}

const HOSTILE = [
  '.',
  '..',
  '',
  ' ',
  '%2e',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2f',
  '%2F..',
  'a/b',
  `${M}/..`,
  `../${M}`,
  `${M}%2f..`,
  '..\\..',
  '．．', // fullwidth full stops
  '‥', // two dot leader
  `${M}∕..`, // division slash
  `${M}／..`, // fullwidth solidus
  '?x=1',
  '#frag',
  `${M}?x`,
  '42', // a PeerTube-shaped id: FastPix's URL builder refuses it
  '\u0000',
]

/** Every way of replacing one string leaf of `value` with `replacement`. */
function variants(value: unknown, replacement: string): unknown[] {
  if (typeof value === 'string') return [replacement]
  if (Array.isArray(value)) {
    const items: unknown[] = value
    return items.flatMap((item, i) =>
      variants(item, replacement).map((v): unknown[] => items.map((x, j) => (j === i ? v : x))),
    )
  }
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, item]) =>
      variants(item, replacement).map((v) => ({ ...value, [k]: v })),
    )
  return []
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const ROUTES = [
  '/v1/on-demand',
  '/v1/on-demand/uploads',
  `/v1/on-demand/${UUID}`,
  `/v1/on-demand/${UUID}/(tracks|summary|input-info|media-clips|source-access|update-mp4Support)`,
  `/v1/on-demand/${UUID}/tracks/${UUID}`,
  `/v1/on-demand/${UUID}/tracks/${UUID}/generate-subtitles`,
  `/v1/on-demand/upload/${UUID}/cancel`,
].map((r) => new RegExp(`^${r}(\\?[^#]*)?$`))

let server: RecordingServer
let core: Core
let home: string
let cases = 0

beforeAll(async () => {
  server = await startRecordingServer()
  home = mkdtempSync(join(tmpdir(), 'spool-fuzz-'))
  core = createCore({
    home,
    env: { SPOOL_HOME: home },
    secrets: new InMemorySecretStore(),
    version: '0.0.0-test',
    platform: process.platform,
    dialogs: { pick: () => Promise.resolve(null), confirm: () => Promise.resolve(true) },
    external: { open: () => Promise.resolve() },
  })
  const added = await dispatch(core.handlers, 'accounts:add', {
    name: 'fuzz',
    apiUrl: server.apiUrl,
    tokenId: 'token',
    secretKey: 'secret',
  })
  expect(added.ok).toBe(true)
  expect((await dispatch(core.handlers, 'accounts:select', { name: 'fuzz' })).ok).toBe(true)
})

afterAll(async () => {
  await core?.dispose()
  await server?.close()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('IPC id fuzz (issue 14 §1)', () => {
  test('every invoke channel has a payload in the fuzz table', () => {
    expect(Object.keys(VALID).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  test.each([...INVOKE_CHANNELS])('%s: no hostile string changes the route', async (channel) => {
    const before = server.requests.length
    const valid =
      channel === 'accounts:add' ? { ...(VALID[channel] as object), apiUrl: server.apiUrl } : VALID[channel]
    for (const hostile of HOSTILE) {
      for (const payload of variants(valid, hostile)) {
        cases += 1
        await dispatch(core.handlers, channel, payload)
      }
    }
    const sent = server.requests.slice(before)
    for (const r of sent) {
      expect(
        ROUTES.some((route) => route.test(r.target)),
        `${channel} sent ${r.method} ${r.target}`,
      ).toBe(true)
      for (const id of r.target.match(new RegExp(UUID, 'g')) ?? []) expect([M, T, U]).toContain(id)
    }
  })

  test('the fuzz covered every string of every payload', () => {
    expect(cases).toBe(
      INVOKE_CHANNELS.reduce((n, c) => n + variants(VALID[c], 'x').length, 0) * HOSTILE.length,
    )
    expect(cases).toBeGreaterThan(1000)
  })

  test('the FastPix provider refuses a hostile id itself, before any request (defence in depth)', async () => {
    const provider = createFastPixProvider({
      apiUrl: server.apiUrl,
      credentials: () => Promise.resolve({ tokenId: 't', secretKey: 's' }),
    })
    const before = server.requests.length
    const calls: Array<(id: string) => Promise<unknown>> = [
      (id) => provider.library.getMedia(id as never),
      (id) => provider.library.deleteMedia(id as never),
      (id) => provider.library.deleteTrack(M as never, id as never),
      (id) => provider.library.cancelUpload(id as never),
      (id) => provider.uploads.deleteMedia(id as never),
      (id) => provider.uploads.cancelUpload(id as never),
      (id) => provider.library.listLiveClips(id, 1, 10),
    ]
    for (const call of calls) {
      for (const hostile of HOSTILE) {
        await expect(call(hostile)).rejects.toMatchObject({ appError: { code: 'input/invalid' } })
      }
    }
    expect(server.requests.length).toBe(before)
  })

  test('a valid id still reaches its route, exactly as written', async () => {
    const before = server.requests.length
    const result = await dispatch(core.handlers, 'tracks:delete', { mediaId: M, trackId: T })
    expect(result).toMatchObject({ ok: false, error: { code: 'api/not-found' } })
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.target}`)).toContain(
      `DELETE /v1/on-demand/${M}/tracks/${T}`,
    )
  })
})
