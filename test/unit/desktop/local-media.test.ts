import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { isLocalMediaUrl } from '../../../main/window/app-protocol.ts'
import {
  parseRange,
  serveLocalMedia,
  userChose,
  type LocalMediaSource,
} from '../../../main/window/local-media.ts'
import { createPathGrants } from '../../../main/uploads/path-grants.ts'

const dir = mkdtempSync(join(tmpdir(), 'spool-local-media-'))
const chosen = join(dir, 'chosen')
const other = join(dir, 'other')
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256))
for (const d of [chosen, other]) {
  rmSync(d, { recursive: true, force: true })
  mkdirSync(d)
}
writeFileSync(join(chosen, 'clip.mp4'), bytes)
writeFileSync(join(other, 'secret.mov'), bytes)
symlinkSync(join(other, 'secret.mov'), join(chosen, 'link.mov'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SESSION = Date.parse('2026-06-01T00:00:00Z')
const grants = createPathGrants()
grants.grant([chosen])
const jobs: Record<string, { path: string; size: number; createdAt: string }> = {
  'job-1': { path: join(chosen, 'clip.mp4'), size: 1000, createdAt: '2026-06-02T00:00:00Z' },
  'job-2': { path: join(other, 'secret.mov'), size: 1000, createdAt: '2026-06-02T00:00:00Z' },
  'job-3': { path: join(other, 'secret.mov'), size: 1000, createdAt: '2026-05-01T00:00:00Z' },
  'job-4': { path: join(chosen, 'clip.mp4'), size: 999, createdAt: '2026-06-02T00:00:00Z' },
  'job-5': { path: join(chosen, 'link.mov'), size: 1000, createdAt: '2026-06-02T00:00:00Z' },
}
const source: LocalMediaSource = { job: (id) => jobs[id] ?? null, allowed: userChose(grants, SESSION) }
const get = (id: string, headers: Record<string, string> = {}, method = 'GET') =>
  serveLocalMedia(new Request(`app://bundle/local-media/job/${id}`, { method, headers }), source)

describe('queued files served to the page for poster frames', () => {
  test('a chosen job file is served whole, with its type and Range support advertised', async () => {
    const res = get('job-1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes)
  })

  test('a Range request gets 206 and exactly those bytes, so the video can seek', async () => {
    const res = get('job-1', { range: 'bytes=100-199' })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000')
    expect(res.headers.get('content-length')).toBe('100')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(100, 200))
    const tail = get('job-1', { range: 'bytes=-10' })
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(990))
    expect(get('job-1', { range: 'bytes=5000-' }).status).toBe(416)
  })

  test('HEAD answers without a body', () => {
    const res = get('job-1', {}, 'HEAD')
    expect(res.status).toBe(200)
    expect(res.body).toBeNull()
  })

  test('nothing the user did not choose: unknown job, ungranted file, a link out, a path, other methods', () => {
    expect(get('job-404').status).toBe(404)
    expect(get('job-2').status).toBe(404)
    expect(get('job-5').status).toBe(404)
    expect(get(encodeURIComponent('../../etc/passwd')).status).toBe(404)
    expect(get('job-1', {}, 'POST').status).toBe(405)
  })

  test('a job queued in an earlier session is still its file (grants last one run)', () => {
    expect(get('job-3').status).toBe(200)
  })

  test('a file whose size changed since it was queued is not served', () => {
    expect(get('job-4').status).toBe(404)
  })

  test('Range parsing', () => {
    expect(parseRange(null, 10)).toBeNull()
    expect(parseRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=2-100', 10)).toEqual({ start: 2, end: 9 })
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull()
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-2', 10)).toBe('unsatisfiable')
  })

  test('only app://bundle/local-media/… is routed to it', () => {
    expect(isLocalMediaUrl('app://bundle/local-media/job/job-1')).toBe(true)
    expect(isLocalMediaUrl('app://bundle/index.html')).toBe(false)
    expect(isLocalMediaUrl('app://evil/local-media/job/job-1')).toBe(false)
  })
})
