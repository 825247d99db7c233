/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON under test */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  startPeerTubeSandbox,
  type PeerTubeSandboxHandle,
  type PeerTubeSandboxOptions,
} from '../../../sandbox/peertube/index.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
/** The committed 160×90 MP4 fixture (8374 bytes). */
export const VIDEO = readFileSync(join(HERE, '..', '..', 'fixtures', 'media', 'tiny-160x90.mp4'))
export const VTT = readFileSync(join(HERE, '..', '..', 'fixtures', 'media', 'tiny.vtt'))

/** An HTTP answer with its body parsed when it is JSON. */
export type Res = { status: number; body: any; text: string; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any

/** Request options: a bearer token, a JSON body, a form, raw bytes, extra headers. */
export type Req = {
  token?: string
  json?: unknown
  form?: Record<string, string>
  raw?: Uint8Array | ReadableStream<Uint8Array>
  headers?: Record<string, string>
  signal?: AbortSignal
}

export type Tokens = { access_token: string; refresh_token: string }
export type TestUser = { id: number; username: string; password: string; channelId: number; token: string }

/** A sandbox on 127.0.0.1:0 with a temp data folder and helpers that speak plain fetch. */
export type Pt = {
  sb: PeerTubeSandboxHandle
  dir: string
  call: (method: string, path: string, req?: Req) => Promise<Res>
  login: (username: string, password: string, otp?: string) => Promise<Res>
  refresh: (refreshToken: string) => Promise<Res>
  rootToken: () => Promise<string>
  /** Creates an ordinary user through `POST /users` as root and logs it in. */
  user: (quota?: { videoQuota?: number; videoQuotaDaily?: number }) => Promise<TestUser>
  /** `POST /videos/upload-resumable`; returns the answer and the `upload_id`. */
  init: (
    token: string,
    meta: Record<string, unknown>,
    size: number,
    type?: string,
  ) => Promise<Res & { id: string }>
  /** PUTs bytes (or a probe when `data` is undefined) to an upload. */
  chunk: (
    token: string,
    id: string,
    range: string | undefined,
    data?: Uint8Array,
    signal?: AbortSignal,
  ) => Promise<Res>
  /** Init + one PUT of the whole file; returns the final answer's video. */
  upload: (
    token: string,
    meta?: Record<string, unknown>,
    data?: Uint8Array,
  ) => Promise<{ id: number; uuid: string; shortUUID: string }>
  close: () => Promise<void>
}

let counter = 0

export async function startPt(options: Partial<PeerTubeSandboxOptions> = {}): Promise<Pt> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'spool-pt-sandbox-'))
  const sb = await startPeerTubeSandbox({
    rootPassword: 'test',
    transcoding: false,
    ...options,
    dataDir: dir,
  })
  const call: Pt['call'] = async (method, path, req = {}) => {
    const headers: Record<string, string> = { ...req.headers }
    if (req.token) headers.authorization = `Bearer ${req.token}`
    let body: Uint8Array | ReadableStream<Uint8Array> | string | undefined = req.raw
    if (req.json !== undefined) {
      headers['content-type'] ??= 'application/json'
      body = JSON.stringify(req.json)
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(req.form).toString()
    }
    const res = await fetch(sb.url + path, {
      method,
      headers,
      body,
      signal: req.signal,
      duplex: 'half',
    })
    const text = await res.text()
    let parsed: unknown = undefined
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text)
    return { status: res.status, body: parsed, text, headers: res.headers }
  }
  const client = { client_id: sb.oauthClient.client_id, client_secret: sb.oauthClient.client_secret }
  const login: Pt['login'] = (username, password, otp) =>
    call('POST', '/api/v1/users/token', {
      form: { ...client, grant_type: 'password', username, password },
      headers: otp ? { 'x-peertube-otp': otp } : {},
    })
  const refresh: Pt['refresh'] = (refreshToken) =>
    call('POST', '/api/v1/users/token', {
      form: { ...client, grant_type: 'refresh_token', refresh_token: refreshToken },
    })
  let root: string | undefined
  const rootToken = async () => (root ??= (await login('root', sb.password)).body.access_token as string)
  const user: Pt['user'] = async (quota = {}) => {
    const username = `uploader${process.pid}x${++counter}`
    const password = 'secret-password-1'
    const created = await call('POST', '/api/v1/users', {
      token: await rootToken(),
      json: {
        username,
        password,
        email: `${username}@example.com`,
        role: 2,
        videoQuota: -1,
        videoQuotaDaily: -1,
        ...quota,
      },
    })
    if (created.status !== 200) throw new Error(`create user: ${created.status} ${created.text}`)
    const token = (await login(username, password)).body.access_token as string
    const me = await call('GET', '/api/v1/users/me', { token })
    return { id: created.body.user.id, username, password, token, channelId: me.body.videoChannels[0].id }
  }
  const init: Pt['init'] = async (token, meta, size, type = 'video/mp4') => {
    const res = await call('POST', '/api/v1/videos/upload-resumable', {
      token,
      json: meta,
      headers: { 'x-upload-content-length': String(size), 'x-upload-content-type': type },
    })
    const id = new URL(`http:${res.headers.get('location') ?? '//x/'}`).searchParams.get('upload_id') ?? ''
    return { ...res, id }
  }
  const chunk: Pt['chunk'] = (token, id, range, data, signal) =>
    call('PUT', `/api/v1/videos/upload-resumable?upload_id=${id}`, {
      token,
      raw: data,
      signal,
      headers: {
        ...(range ? { 'content-range': range } : {}),
        ...(data ? { 'content-type': 'application/octet-stream' } : { 'content-length': '0' }),
      },
    })
  const upload: Pt['upload'] = async (token, meta = {}, data = VIDEO) => {
    const me = await call('GET', '/api/v1/users/me', { token })
    const started = await init(
      token,
      { name: `Video ${++counter}`, channelId: me.body.videoChannels[0].id, filename: 'v.mp4', ...meta },
      data.length,
    )
    if (started.status !== 201) throw new Error(`init: ${started.status} ${started.text}`)
    const done = await chunk(token, started.id, `bytes 0-${data.length - 1}/${data.length}`, data)
    if (done.status !== 200) throw new Error(`upload: ${done.status} ${done.text}`)
    return done.body.video as { id: number; uuid: string; shortUUID: string }
  }
  return {
    sb,
    dir,
    call,
    login,
    refresh,
    rootToken,
    user,
    init,
    chunk,
    upload,
    close: async () => {
      await sb.close()
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Polling and deterministic bytes: the FastPix sandbox tests' own helpers serve these tests too. */
export { bytes, waitFor } from '../sandbox/harness.ts'
