/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- response bodies are untyped JSON under test */
import { fnv64 } from '../../../sandbox/peertube/uploads-common.ts'
import { bytes, VIDEO, VTT, type Pt, type Res } from './harness.ts'

const N = VIDEO.length
const A = 3000
const B = 6000

/** Replays the captured session (same order, same edge cases) and records each answer under its capture name. */
export async function replay(pt: Pt, short: Pt, results: Map<string, Res>): Promise<void> {
  const r = (name: string, res: Res) => void results.set(name, res)
  const api = (m: string, p: string, o: Parameters<Pt['call']>[2] = {}) => pt.call(m, `/api/v1${p}`, o)
  r('001-config', await api('GET', '/config'))
  r('002-oauth-clients-local', await api('GET', '/oauth-clients/local'))
  const rootLogin = await pt.login('root', 'test')
  r('003-token-password-root', rootLogin)
  const root = rootLogin.body.access_token
  const username = 'uploader8sin'
  const password = 'uploader-password'
  const created = await api('POST', '/users', {
    token: root,
    json: {
      username,
      password,
      email: `${username}@example.com`,
      role: 2,
      videoQuota: -1,
      videoQuotaDaily: -1,
    },
  })
  r('004-admin-create-user', created)
  const userId = created.body.user.id
  const login = await pt.login(username, password)
  r('005-token-password-grant', login)
  let token = login.body.access_token
  r('006-token-wrong-password', await pt.login(username, 'wrong-password'))
  r(
    '007-token-json-body',
    await api('POST', '/users/token', {
      json: { ...pt.sb.oauthClient, grant_type: 'password', username, password },
    }),
  )
  r(
    '008-token-bad-client',
    await api('POST', '/users/token', {
      form: { client_id: 'abcd', client_secret: 'abcd', grant_type: 'password', username, password },
    }),
  )
  r('009-token-unknown-refresh', await pt.refresh('0'.repeat(40)))
  const me = await api('GET', '/users/me', { token })
  r('010-users-me', me)
  const channelId = me.body.videoChannels[0].id
  r('011-users-me-video-quota-used', await api('GET', '/users/me/video-quota-used', { token }))
  r('012-account-video-channels', await api('GET', `/accounts/${username}/video-channels`, { token }))
  r('013-video-channel-by-name', await api('GET', `/video-channels/${username}_channel`))
  for (const [n, v] of [
    ['014', 'languages'],
    ['015', 'categories'],
    ['016', 'privacies'],
    ['017', 'licences'],
  ])
    r(`${n}-videos-${v}`, await api('GET', `/videos/${v}`))
  const meta = {
    name: 'Captured sample upload',
    channelId,
    filename: 'sample.mp4',
    lastModified: 1796028706436,
  }
  const init = await pt.init(token, meta, N)
  r('018-upload-init', init)
  const id = init.id
  r('019-upload-status-probe-before-any-chunk', await pt.chunk(token, id, `bytes */${N}`))
  r('020-upload-put-chunk-1', await pt.chunk(token, id, `bytes 0-${A - 1}/${N}`, VIDEO.subarray(0, A)))
  r('021-upload-status-probe', await pt.chunk(token, id, `bytes */${N}`))
  r('022-upload-init-same-file-again', await pt.init(token, meta, N))
  r(
    '023-upload-init-same-file-other-lastModified',
    await pt.init(token, { ...meta, lastModified: 1796028707436 }, N),
  )
  r(
    '024-upload-init-same-name-no-lastModified',
    await pt.init(token, { ...meta, lastModified: undefined }, N),
  )
  const oldPair = login.body
  const refreshed = await pt.refresh(oldPair.refresh_token)
  r('025-token-refresh-grant', refreshed)
  token = refreshed.body.access_token
  r(
    '026-upload-put-chunk-with-revoked-token',
    await pt.chunk(oldPair.access_token, id, `bytes ${A}-${B - 1}/${N}`, VIDEO.subarray(A, B)),
  )
  r('027-token-refresh-grant-reuse-old-refresh', await pt.refresh(oldPair.refresh_token))
  r(
    '028-upload-put-chunk-2-new-token',
    await pt.chunk(token, id, `bytes ${A}-${B - 1}/${N}`, VIDEO.subarray(A, B)),
  )
  const final = await pt.chunk(token, id, `bytes ${B}-${N - 1}/${N}`, VIDEO.subarray(B))
  r('029-upload-put-final-chunk', final)
  const video = final.body.video
  r('030-video-get-right-after-upload', await api('GET', `/videos/${video.id}`, { token }))
  r(
    '031-upload-put-final-chunk-retry',
    await pt.chunk(token, id, `bytes ${B}-${N - 1}/${N}`, VIDEO.subarray(B)),
  )
  r('032-upload-status-probe-after-complete', await pt.chunk(token, id, `bytes */${N}`))
  const cancel = (uploadId?: string) =>
    api('DELETE', `/videos/upload-resumable${uploadId === undefined ? '' : `?upload_id=${uploadId}`}`, {
      token,
    })
  r('033-upload-delete-after-complete', await cancel(id))
  r('034-upload-init-same-file-after-complete', await pt.init(token, meta, N))
  r('035-upload-delete-reinit-after-complete', await cancel(id))
  await new Promise((resolve) => setTimeout(resolve, 1100)) // the torrent "job"
  r('036-video-get-after-processing', await api('GET', `/videos/${video.shortUUID}`, { token }))
  r('037-video-get-anonymous-private', await api('GET', `/videos/${video.uuid}`))
  r('038-users-me-video-quota-used-after-upload', await api('GET', '/users/me/video-quota-used', { token }))
  const update = {
    name: 'Captured sample (renamed)',
    description: 'Updated **markdown**',
    tags: ['capture', 'api'],
    privacy: 2,
    category: 15,
    licence: 1,
    language: 'en',
  }
  r('039-video-update', await api('PUT', `/videos/${video.id}`, { token, json: update }))
  r(
    '040-video-update-bad-language',
    await api('PUT', `/videos/${video.id}`, { token, json: { language: 'not-a-language' } }),
  )
  r('041-video-get-after-update', await api('GET', `/videos/${video.uuid}`, { token }))
  r('042-users-me-videos', await api('GET', '/users/me/videos?start=0&count=10&sort=-createdAt', { token }))
  r('043-captions-list-empty', await api('GET', `/videos/${video.id}/captions`, { token }))
  const caption = async (lang: string) => {
    const form = new FormData()
    form.set('captionfile', new Blob([VTT], { type: 'text/vtt' }), 'sample.en.vtt')
    const res = await fetch(`${pt.sb.url}/api/v1/videos/${video.id}/captions/${lang}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    const text = await res.text()
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  }
  r('044-caption-put', await caption('en'))
  r('045-caption-put-replace', await caption('en'))
  r('046-caption-put-bad-language', await caption('xx-bad'))
  r('047-caption-get-single', await api('GET', `/videos/${video.id}/captions/en`, { token }))
  r('048-captions-list', await api('GET', `/videos/${video.id}/captions`, { token }))
  r('049-caption-delete', await api('DELETE', `/videos/${video.id}/captions/en`, { token }))
  r('050-caption-delete-again', await api('DELETE', `/videos/${video.id}/captions/en`, { token }))
  const b = await pt.init(token, { ...meta, name: 'Upload to cancel', privacy: 1 }, N)
  r('051-upload-init-b', b)
  r(
    '052-upload-put-wrong-offset',
    await pt.chunk(token, b.id, `bytes ${A}-${B - 1}/${N}`, VIDEO.subarray(A, B)),
  )
  r('053-upload-status-probe-after-wrong-offset', await pt.chunk(token, b.id, `bytes */${N}`))
  r(
    '054-upload-put-beyond-declared-size',
    await pt.chunk(token, b.id, `bytes ${N - 1000}-${N + 999}/${N + 1000}`, bytes(2000)),
  )
  r('055-upload-put-no-content-range', await pt.chunk(token, b.id, undefined, bytes(1024)))
  r('056-upload-status-probe-after-no-content-range', await pt.chunk(token, b.id, `bytes */${N}`))
  r('057-upload-delete-unfinished', await cancel(b.id))
  r('058-upload-status-probe-after-delete', await pt.chunk(token, b.id, `bytes */${N}`))
  r('059-upload-delete-unknown-id', await cancel('0123456789abcdef-unknown'))
  r('060-upload-delete-no-upload-id', await cancel())
  r(
    '061-upload-put-unknown-id',
    await pt.chunk(token, '0123456789abcdef-unknown', `bytes 0-1023/${N}`, bytes(1024)),
  )
  const own = `${fnv64(String(userId))}-0000000000000000-0000000000000000-0000000000000000`
  r('062-upload-delete-unknown-id-own-prefix', await cancel(own))
  r('063-upload-put-unknown-id-own-prefix', await pt.chunk(token, own, `bytes 0-1023/${N}`, bytes(1024)))
  r('064-upload-status-probe-unknown-id-own-prefix', await pt.chunk(token, own, `bytes */${N}`))
  const form = new FormData()
  for (const [k, v] of Object.entries({
    name: 'Multipart init',
    channelId: String(channelId),
    filename: 'sample.mp4',
    privacy: '1',
    lastModified: '1796028706436',
    'tags[0]': 'one',
    'tags[1]': 'two',
  }))
    form.set(k, v)
  form.set('thumbnailfile', new Blob([bytes(600)], { type: 'image/jpeg' }), 'thumb.jpg')
  const mp = await fetch(`${pt.sb.url}/api/v1/videos/upload-resumable`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-upload-content-length': String(N),
      'x-upload-content-type': 'video/mp4',
    },
    body: form,
  })
  r('065-upload-init-multipart-thumbnail', {
    status: mp.status,
    text: await mp.text(),
    body: undefined,
    headers: mp.headers,
  })
  r(
    '066-upload-delete-multipart-init',
    await cancel(new URL(`http:${mp.headers.get('location')}`).searchParams.get('upload_id')!),
  )
  const d = await pt.init(token, { ...meta, name: 'Concurrency test', privacy: 1 }, N)
  r('067-upload-init-d', d)
  const slowPut = (from: number, to: number) => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(VIDEO.subarray(from, from + 500))
        await gate
        c.enqueue(VIDEO.subarray(from + 500, to))
        c.close()
      },
    })
    const done = pt.chunk(token, d.id, `bytes ${from}-${to - 1}/${N}`, body as unknown as Uint8Array)
    return { release, done }
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const slow = slowPut(0, A)
  await pause(150)
  r('068-upload-status-probe-during-slow-chunk', await pt.chunk(token, d.id, `bytes */${N}`))
  r(
    '069-upload-put-concurrent-chunk',
    await pt.chunk(token, d.id, `bytes ${A}-${B - 1}/${N}`, VIDEO.subarray(A, B)),
  )
  slow.release()
  r('070-upload-put-slow-chunk', await slow.done)
  r('071-upload-status-probe-after-slow-chunk', await pt.chunk(token, d.id, `bytes */${N}`))
  const last = slowPut(A, N)
  await pause(150)
  r('072-upload-status-probe-during-final-processing-423', await pt.chunk(token, d.id, `bytes */${N}`))
  last.release()
  await pause(150)
  r('073-upload-status-probe-during-final-processing-503', await pt.chunk(token, d.id, `bytes */${N}`))
  r('074-upload-put-final-chunk-d', await last.done)
  r(
    '075-upload-init-bad-language',
    await pt.init(token, { ...meta, name: 'Bad language', language: 'not-a-language' }, N),
  )
  r(
    '076-upload-init-missing-length',
    await api('POST', '/videos/upload-resumable', {
      token,
      json: meta,
      headers: { 'x-upload-content-type': 'video/mp4' },
    }),
  )
  r(
    '077-upload-init-unsupported-mime',
    await pt.init(token, { ...meta, filename: 'sample.mkv' }, N, 'video/x-matroska'),
  )
  r('078-upload-init-unknown-channel', await pt.init(token, { ...meta, channelId: 999999 }, N))
  r('079-upload-init-short-name', await pt.init(token, { ...meta, name: 'ab', tags: ['x'] }, N))
  r('080-upload-init-no-auth', await pt.init('', meta, N))
  const junk = bytes(300 * 1024, 5)
  const junkMeta = { ...meta, name: 'Random bytes', filename: 'junk.mp4', privacy: 1 }
  const j = await pt.init(token, junkMeta, junk.length)
  r('081-upload-init-unreadable', j)
  const all = `bytes 0-${junk.length - 1}/${junk.length}`
  r('082-upload-put-final-unreadable', await pt.chunk(token, j.id, all, junk))
  r('084-upload-status-probe-1500ms-after-unreadable', await pt.chunk(token, j.id, `bytes */${junk.length}`))
  r('085-upload-put-final-unreadable-again', await pt.chunk(token, j.id, all, junk))
  r('086-upload-delete-unreadable', await cancel(j.id))
  r('087-upload-init-unreadable-again', await pt.init(token, junkMeta, junk.length))
  r('088-upload-put-final-unreadable-after-reinit', await pt.chunk(token, j.id, all, junk))
  r('089-auth-missing-token', await api('GET', '/users/me'))
  r('090-auth-invalid-token', await api('GET', '/users/me', { token: 'a'.repeat(40) }))
  r('091-auth-revoked-token', await api('GET', '/users/me', { token: oldPair.access_token }))
  r('093-video-get-invalid-token', await api('GET', `/videos/${video.uuid}`, { token: 'a'.repeat(40) }))
  const s = await short.user()
  const sPair = (await short.login(s.username, s.password)).body
  await pause(1100)
  r('092-auth-expired-token', await short.call('GET', '/api/v1/users/me', { token: sPair.access_token }))
  r('094-token-refresh-after-access-expired', await short.refresh(sPair.refresh_token))
  r(
    '095-admin-set-user-quota',
    await api('PUT', `/users/${userId}`, { token: root, json: { videoQuota: N + 1000 } }),
  )
  r('096-users-me-after-quota-change', await api('GET', '/users/me/video-quota-used', { token }))
  r('097-upload-init-quota-exceeded', await pt.init(token, { ...meta, name: 'Over quota' }, N))
  r(
    '098-admin-set-user-daily-quota',
    await api('PUT', `/users/${userId}`, { token: root, json: { videoQuota: -1, videoQuotaDaily: 1048576 } }),
  )
  r(
    '099-upload-init-daily-quota-exceeded',
    await pt.init(token, { ...meta, name: 'Over daily quota' }, 2 * 1048576),
  )
  r('100-video-delete', await api('DELETE', `/videos/${video.id}`, { token }))
  r('101-video-get-after-delete', await api('GET', `/videos/${video.id}`, { token }))
  r('102-video-delete-again', await api('DELETE', `/videos/${video.id}`, { token }))
  await api('DELETE', `/videos/${results.get('074-upload-put-final-chunk-d')!.body.video.id}`, { token })
  r('103-users-me-video-quota-used-after-delete', await api('GET', '/users/me/video-quota-used', { token }))
  r('104-api-unknown-route', await api('GET', `/videos/upload-resumable?upload_id=${id}`, { token }))
  r('105-token-revoke', await api('POST', '/users/revoke-token', { token }))
  r('106-users-me-after-revoke', await api('GET', '/users/me', { token }))
  pt.sb.setFaults('rate-limit=1')
  await api('GET', '/users/me/video-quota-used', { token: root })
  r('107-rate-limited-429', await api('GET', '/users/me/video-quota-used', { token: root }))
}
