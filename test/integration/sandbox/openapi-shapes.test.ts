/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON under test: assertions check them, not types */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import OpenAPIResponseValidator from 'openapi-response-validator'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA, serveFixtures, startTestSandbox, waitFor, type Json, type TestSandbox } from './harness.ts'
import { shapeDiff } from './shape.ts'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures')
const CAPTURED = join(FIXTURES, 'captured')
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
  components: object
}
const doc = parse(readFileSync(join(FIXTURES, 'openapi', 'on-demand.corrected.stripped.yaml'), 'utf8')) as Doc
const video = readFileSync(join(MEDIA, 'tiny-160x90.mp4'))

/** Validates a sandbox response against the operation's declared response (success code or `default`). */
function validate(method: string, path: string, res: Json): string | undefined {
  const op = doc.paths[path]?.[method.toLowerCase()]
  if (!op) return `no operation ${method} ${path}`
  const validator = new OpenAPIResponseValidator({
    responses: op.responses as never,
    components: doc.components,
  })
  const code = String(res.status) in op.responses ? String(res.status) : 'default'
  const error = validator.validateResponse(code, res.body)
  return error ? `${method} ${path} ${res.status}: ${JSON.stringify(error.errors)}` : undefined
}

function captures(dir = CAPTURED): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name)
    if (statSync(file).isDirectory()) return captures(file)
    return name.endsWith('.json') ? [relative(CAPTURED, file)] : []
  })
}

describe('sandbox responses: OpenAPI validation and the captured real shapes', () => {
  let t: TestSandbox
  let files: Awaited<ReturnType<typeof serveFixtures>>
  /** Sandbox responses by capture base name (operation), plus the spec path each belongs to. */
  const produced = new Map<string, { method: string; path: string; res: Json }>()
  const record = async (name: string, method: string, specPath: string, url: string, body?: unknown) => {
    const res = await t.api(method, url, body)
    produced.set(name, { method, path: specPath, res })
    return res
  }

  beforeAll(async () => {
    t = await startTestSandbox({ readyAfterMs: 200 })
    // Added tracks are fetched by the sandbox: a loopback copy of an audio file stands in for FastPix's sample.
    files = await serveFixtures()
    const music = files.url('tiny-audio.m4a')
    // direct upload, list of waiting uploads, then the bytes
    const up = await record('direct-upload-video-media', 'POST', '/on-demand/upload', '/on-demand/upload', {
      corsOrigin: '*',
      pushMediaSettings: { accessPolicy: 'public', metadata: { source: 'sdk-validate' } },
    })
    await record(
      'list-uploads',
      'GET',
      '/on-demand/uploads',
      '/on-demand/uploads?limit=5&offset=1&orderBy=desc',
    )
    const id = up.body.data.uploadId as string
    await t.put(up.body.data.url as string, video, `bytes 0-${video.length - 1}/${video.length}`)
    await waitFor(async () => (await t.api('GET', `/on-demand/${id}`)).body.data.status === 'Ready')
    const cancelMe = await t.createUpload({ metadata: { source: 'sdk-validate' } })
    await record(
      'cancel-upload',
      'PUT',
      '/on-demand/upload/{uploadId}/cancel',
      `/on-demand/upload/${cancelMe.uploadId}/cancel`,
    )
    await record('get-media-summary', 'GET', '/on-demand/{mediaId}/summary', `/on-demand/${id}/summary`)
    // A second media with a title only (the get-media capture has title, no creatorId, metadata {}).
    const titled = await t.uploadReady(video)
    await t.api('PATCH', `/on-demand/${titled}`, { title: '720p_3min4sec_h264_' })
    await record('get-media', 'GET', '/on-demand/{mediaId}', `/on-demand/${titled}`)
    await record(
      'retrieveMediaInputInfo',
      'GET',
      '/on-demand/{mediaId}/input-info',
      `/on-demand/${titled}/input-info`,
    )
    await record('get-media-clips', 'GET', '/on-demand/{mediaId}/media-clips', `/on-demand/${id}/media-clips`)
    await record(
      'list-live-clips',
      'GET',
      '/on-demand/{livestreamId}/live-clips',
      '/on-demand/91b8484250e5a1ed03fd4e100b807082/live-clips',
    )
    // tracks on the first media
    const add = await record(
      'Add-media-track',
      'POST',
      '/on-demand/{mediaId}/tracks',
      `/on-demand/${id}/tracks`,
      {
        tracks: { url: music, type: 'audio', languageCode: 'it', languageName: 'Italian' },
      },
    )
    const audio = (await t.api('GET', `/on-demand/${id}`)).body.data.tracks.find(
      (x: { languageCode?: string }) => x.languageCode === 'und',
    )
    await record(
      'Generate-subtitle-track',
      'POST',
      '/on-demand/{mediaId}/tracks/{trackId}/generate-subtitles',
      `/on-demand/${id}/tracks/${audio.id}/generate-subtitles`,
      { languageCode: 'en-US', languageName: 'English' },
    )
    await record('updated-media', 'PATCH', '/on-demand/{mediaId}', `/on-demand/${id}`, {
      metadata: { updated: 'true' },
      title: 'sdk validate title',
      creatorId: '8fa85f64-5717-4562-b3fc-2c963f66afa6',
    })
    await record(
      'updated-source-access',
      'PATCH',
      '/on-demand/{mediaId}/source-access',
      `/on-demand/${id}/source-access`,
      { sourceAccess: true },
    )
    await record(
      'updated-mp4Support',
      'PATCH',
      '/on-demand/{mediaId}/update-mp4Support',
      `/on-demand/${id}/update-mp4Support`,
      { mp4Support: 'capped_4k' },
    )
    await record(
      'update-media-track',
      'PATCH',
      '/on-demand/{mediaId}/tracks/{trackId}',
      `/on-demand/${id}/tracks/${add.body.data.id}`,
      { url: 'https://static.fastpix.com/music-1.mp3', languageCode: 'en', languageName: 'English' },
    )
    await record(
      'update-media-summary',
      'PATCH',
      '/on-demand/{mediaId}/summary',
      `/on-demand/${id}/summary`,
      { generate: true, summaryLength: 100 },
    )
    // A third media like the newer capture: metadata, an added audio track, available generated subtitles.
    const bare = await t.uploadReady(video, { metadata: { source: 'sdk-validate' } })
    await t.api('POST', `/on-demand/${bare}/tracks`, {
      tracks: { url: music, type: 'audio', languageCode: 'it', languageName: 'Italian' },
    })
    const src = (await t.api('GET', `/on-demand/${bare}`)).body.data.tracks.find(
      (x: { languageCode?: string }) => x.languageCode === 'und',
    )
    await t.api('POST', `/on-demand/${bare}/tracks/${src.id}/generate-subtitles`, {
      languageCode: 'fr-FR',
      languageName: 'French',
    })
    await waitFor(async () => {
      const m = (await t.api('GET', `/on-demand/${bare}`)).body.data
      const statuses = (m.tracks as { status: string }[]).map((x) => x.status)
      return m.generatedSubtitles[0].status === 'available' && statuses.every((x) => x === 'available')
    })
    await record('get-media@e32654c', 'GET', '/on-demand/{mediaId}', `/on-demand/${bare}`)
    await record(
      'retrieveMediaInputInfo@e32654c',
      'GET',
      '/on-demand/{mediaId}/input-info',
      `/on-demand/${bare}/input-info`,
    )
    await record('list-media', 'GET', '/on-demand', '/on-demand?limit=50&offset=1&orderBy=desc')
    const created = await record('create-media', 'POST', '/on-demand', '/on-demand', {
      inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }],
      metadata: { source: 'sdk-validate' },
      accessPolicy: 'public',
      maxResolution: '720p',
    })
    await record(
      'delete-media-track',
      'DELETE',
      '/on-demand/{mediaId}/tracks/{trackId}',
      `/on-demand/${id}/tracks/${add.body.data.id}`,
    )
    await record('delete-media', 'DELETE', '/on-demand/{mediaId}', `/on-demand/${created.body.data.id}`)
    // error shapes: 422 with fields (DRM capture) and 400 with description (live-stream capture)
    await record('getDrmConfigurationById', 'POST', '/on-demand/upload', '/on-demand/upload', {
      corsOrigin: '*',
      pushMediaSettings: {},
    })
    await record(
      'complete-live-stream',
      'GET',
      '/on-demand/{mediaId}/summary',
      `/on-demand/${titled}/summary`,
    )
  })
  afterAll(async () => {
    await t.close()
    await files.close()
  })

  it('every sandbox response validates against on-demand.corrected (stripped) with openapi-response-validator', () => {
    const errors = [...produced.values()].map((p) => validate(p.method, p.path, p.res)).filter(Boolean)
    expect(errors).toEqual([])
    expect(produced.size).toBeGreaterThanOrEqual(23)
  })

  it('the validator is real: a wrong type is rejected', () => {
    const media = produced.get('get-media')!.res
    const broken = {
      ...media,
      body: { ...media.body, data: { ...media.body.data, status: 'Sparkling', tracks: 'none' } },
    }
    expect(validate('GET', '/on-demand/{mediaId}', broken)).toBeDefined()
  })

  it.each(captures())('captured %s is a shape the sandbox produces', (file) => {
    const base = file.replace(/\.(raw|api)\.json$/, '')
    const name = base.includes('/')
      ? `${base.split('/')[1]}@${base.split('/')[0]!.replace('index-', '')}`
      : base
    const key = produced.has(name) ? name : base.split('/').pop()!
    const sandbox = produced.get(key)
    expect(sandbox, `no sandbox response recorded for ${file}`).toBeDefined()
    const captured = JSON.parse(readFileSync(join(CAPTURED, file), 'utf8')) as { data?: unknown[] }
    // list captures: each captured item must match some sandbox item; others compare whole bodies
    expect(shapeDiff(captured, sandbox!.res.body)).toEqual([])
  })
})
