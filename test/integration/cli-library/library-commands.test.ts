import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openEmbeddedSandbox, type EmbeddedSandbox } from '../../../main/accounts/embedded-sandbox.ts'
import { startFileServer } from '../library/harness.ts'
import { runCli } from './run-cli.ts'

type Files = Awaited<ReturnType<typeof startFileServer>>
let files: Files
let env: NodeJS.ProcessEnv
let mediaId = ''
/** Like the desktop app holding the sandbox open: every CLI run below reuses this live server. */
let running: EmbeddedSandbox

const json = (stdout: string): unknown => {
  expect(stdout.trim().split('\n')).toHaveLength(1)
  return JSON.parse(stdout) as unknown
}

async function untilReady(id: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const r = await runCli(['media', 'get', id, '--json'], env)
    if ((json(r.stdout) as { status: string }).status === 'Ready') return
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error(`media ${id} never became Ready`)
}

beforeAll(async () => {
  files = await startFileServer()
  env = { SPOOL_HOME: mkdtempSync(join(tmpdir(), 'spool-cli-')), PATH: process.env.PATH }
  running = await openEmbeddedSandbox(join(env.SPOOL_HOME!, 'sandbox'))
})
afterAll(async () => {
  await running.close()
  await files.close()
})

describe('spool media|tracks|uploads|live-clips against the built-in sandbox', () => {
  test('create-from-url, list (cache), get, update, search', async () => {
    const created = await runCli(
      ['media', 'create-from-url', files.url('tiny-160x90.mp4'), '--title', 'Clip one', '--json'],
      env,
    )
    expect(created.status, created.stderr).toBe(0)
    mediaId = (json(created.stdout) as { id: string }).id
    await untilReady(mediaId)

    const list = await runCli(['media', 'list', '--all', '--json'], env)
    expect(list.status).toBe(0)
    expect((json(list.stdout) as { total: number }).total).toBe(1)

    const human = await runCli(['media', 'list', '--search', 'clip'], env)
    expect(human.stdout).toContain(mediaId)
    expect(human.stdout).toMatch(/1 of 1 shown/)

    const updated = await runCli(
      ['media', 'update', mediaId, '--title', 'Renamed', '--metadata', 'reel=7', '--json'],
      env,
    )
    expect(updated.status, updated.stderr).toBe(0)
    expect(json(updated.stdout)).toMatchObject({ title: 'Renamed', metadata: { reel: '7' } })
    expect((await runCli(['media', 'list', '--search', 'renamed', '--json'], env)).stdout).toContain(mediaId)
    expect(
      (
        json((await runCli(['media', 'list', '--status', 'failed', '--json'], env)).stdout) as {
          total: number
        }
      ).total,
    ).toBe(0)
  })

  test('summary, generate-summary, mp4, source-access, input-info, clips, live-clips', async () => {
    expect((await runCli(['media', 'summary', mediaId], env)).stdout).toMatch(/No summary yet/)
    const gen = await runCli(['media', 'generate-summary', mediaId, '--length', '50', '--json'], env)
    expect(gen.status, gen.stderr).toBe(0)
    expect(json((await runCli(['media', 'summary', mediaId, '--json'], env)).stdout)).toMatchObject({
      state: 'ready',
    })
    const mp4 = await runCli(['media', 'mp4', mediaId, 'capped_4k', '--json'], env)
    expect(json(mp4.stdout)).toMatchObject({ mp4Support: { option: 'capped_4k' } })
    const src = await runCli(['media', 'source-access', mediaId, 'on', '--json'], env)
    expect(json(src.stdout)).toMatchObject({ sourceAccess: true })
    const info = await runCli(['media', 'input-info', mediaId, '--json'], env)
    expect(json(info.stdout)).toMatchObject({ url: expect.stringContaining('http') as string })
    expect(json((await runCli(['media', 'clips', mediaId, '--json'], env)).stdout)).toEqual([])
    expect(
      json((await runCli(['live-clips', '91b8484250e5a1ed03fd4e100b807082', '--json'], env)).stdout),
    ).toEqual([])
    const bad = await runCli(['live-clips', 'not-a-stream', '--json'], env)
    expect(bad.status).toBe(2)
    expect(json(bad.stdout)).toMatchObject({ error: { code: 'input/invalid' } })
  })

  test('tracks add, update, generate-subtitles, delete', async () => {
    const add = await runCli(
      [
        'tracks',
        'add',
        mediaId,
        '--type',
        'audio',
        '--url',
        files.url('tiny-audio.m4a'),
        '--language-code',
        'it',
        '--language-name',
        'Italian',
        '--json',
      ],
      env,
    )
    expect(add.status, add.stderr).toBe(0)
    const trackId = (json(add.stdout) as { id: string }).id
    const upd = await runCli(
      ['tracks', 'update', mediaId, trackId, '--language-name', 'Italiano', '--json'],
      env,
    )
    expect(json(upd.stdout)).toMatchObject({ languageCode: 'it', languageName: 'Italiano' })
    const subs = await runCli(
      [
        'tracks',
        'generate-subtitles',
        mediaId,
        trackId,
        '--language-code',
        'it-IT',
        '--language-name',
        'Italian',
        '--json',
      ],
      env,
    )
    expect(json(subs.stdout)).toMatchObject({ type: 'subtitle' })
    const refused = await runCli(['tracks', 'delete', mediaId, trackId], env)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)
    expect((await runCli(['tracks', 'delete', mediaId, trackId, '--yes'], env)).status).toBe(0)
  })

  test('issue 14 §7: a track URL nothing answers ends failed; generate-subtitles prints a real status', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const deadPort = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const add = await runCli(
      [
        'tracks',
        'add',
        mediaId,
        '--type',
        'audio',
        '--url',
        `http://127.0.0.1:${deadPort}/x.m4a`,
        '--language-code',
        'de',
        '--language-name',
        'German',
        '--json',
      ],
      env,
    )
    expect(add.status, add.stderr).toBe(0)
    const deadId = (json(add.stdout) as { id: string }).id
    type Tracks = { tracks: { id: string; status: string; languageCode?: string }[] }
    const tracksNow = async () =>
      (json((await runCli(['media', 'get', mediaId, '--json'], env)).stdout) as Tracks).tracks
    for (let i = 0; i < 100 && (await tracksNow()).find((t) => t.id === deadId)?.status === 'preparing'; i++)
      await new Promise((res) => setTimeout(res, 100))
    expect((await tracksNow()).find((t) => t.id === deadId)?.status).toBe('failed')

    const source = (await tracksNow()).find((t) => t.languageCode === 'und')!
    const subs = await runCli(
      [
        'tracks',
        'generate-subtitles',
        mediaId,
        source.id,
        '--language-code',
        'fr-FR',
        '--language-name',
        'French',
      ],
      env,
    )
    expect(subs.status, subs.stderr).toBe(0)
    expect(subs.stdout).toMatch(/\bpreparing\b/)
    expect(subs.stdout).not.toMatch(/unknown/)
  })

  test('issue 14 §7: input-info says its sandbox URL works only while the sandbox runs, at a fixed address', async () => {
    const info = await runCli(['media', 'input-info', mediaId], env)
    expect(info.status, info.stderr).toBe(0)
    expect(info.stdout).toContain(`http://127.0.0.1:${running.port}/_sandbox/files/`)
    expect(info.stdout).toMatch(/while .*sandbox.* runs/i)
  })

  test('uploads unused and cancel; destructive commands refuse without --yes off a terminal', async () => {
    const unused = await runCli(['uploads', 'unused', '--json'], env)
    expect(unused.status).toBe(0)
    expect(Array.isArray(json(unused.stdout))).toBe(true)
    const refuse = await runCli(['uploads', 'cancel', '00000000-0000-4000-8000-000000000000'], env)
    expect(refuse.status).toBe(2)
    const missing = await runCli(
      ['uploads', 'cancel', '00000000-0000-4000-8000-000000000000', '--yes', '--json'],
      env,
    )
    expect(missing.status).toBe(1)
    expect(json(missing.stdout)).toEqual([expect.objectContaining({ ok: false })])
  })

  test('ids that try to change the URL path are refused before any request (issue 14 §1)', async () => {
    for (const args of [
      ['tracks', 'delete', mediaId, '..', '--yes'],
      ['media', 'delete', '.', '--yes'],
      ['media', 'get', `${mediaId}/..`],
      ['uploads', 'cancel', '%2e%2e', '--yes'],
    ]) {
      const r = await runCli(args, env)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/is not a (media|track|upload) id/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    const still = await runCli(['media', 'get', mediaId, '--json'], env)
    expect(still.status).toBe(0)
  })

  test('delete, then get → not found (exit 1, message on stderr)', async () => {
    expect((await runCli(['media', 'delete', mediaId], env)).status).toBe(2)
    expect((await runCli(['media', 'delete', mediaId, '--yes', '--json'], env)).status).toBe(0)
    const gone = await runCli(['media', 'get', mediaId], env)
    expect(gone.status).toBe(1)
    expect(gone.stderr).toMatch(/not found|does not exist/i)
    expect(gone.stdout).toBe('')
  })

  test('usage errors exit 2', async () => {
    expect((await runCli(['media', 'mp4', mediaId, 'bogus'], env)).status).toBe(2)
    expect((await runCli(['media', 'list', '--status', 'sleepy'], env)).status).toBe(2)
    expect((await runCli(['media', 'get'], env)).status).toBe(2)
    // An account that does not exist is a usage error, like any other wrong argument (issue 13 §5).
    expect((await runCli(['media', 'get', 'x', '--account', 'nobody'], env)).status).toBe(2)
  })
})
