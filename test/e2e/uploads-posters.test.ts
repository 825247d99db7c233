import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { dispatch } from '../../main/ipc/dispatch.ts'
import { startHarness, type Harness } from './harness.ts'
import { seriousViolations } from './axe.ts'
import { shootBoth } from './shots.ts'

const FIXTURES = resolve(import.meta.dirname, '../fixtures/media/posters')
let h: Harness
let page: Page

/** A few seconds of H.264 big enough to keep a capped upload busy (made here with Debian's ffmpeg). */
function makeClip(path: string, source: string): void {
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `${source}=size=640x360:rate=25`,
    '-t',
    '4',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    '900k',
    '-movflags',
    '+faststart',
    path,
  ])
}

const settings = (patch: Record<string, unknown>) => dispatch(h.core.handlers, 'settings:update', patch)
const poster = (name: string) => page.locator('.upload-row', { hasText: name }).locator('[data-poster]')

beforeAll(async () => {
  h = await startHarness()
  page = h.page
  await page.getByRole('heading', { name: 'Drop a folder of footage here' }).waitFor()
})

afterAll(async () => {
  await h?.close()
})

describe('poster frames and batches (built renderer, real core, real sandbox, headless Chromium)', () => {
  test('an active batch of mixed clips shows a frame of each video Chromium decodes, a waveform of the audio, and says which it cannot', async () => {
    const dir = join(h.home, 'media', 'Harbour day 2')
    mkdirSync(dir, { recursive: true })
    copyFileSync(join(FIXTURES, 'h264.mp4'), join(dir, 'A001_h264.mp4'))
    copyFileSync(join(FIXTURES, 'vp9.webm'), join(dir, 'A002_vp9.webm'))
    copyFileSync(join(FIXTURES, 'hevc.mp4'), join(dir, 'A003_hevc.mp4'))
    copyFileSync(join(FIXTURES, 'prores.mov'), join(dir, 'A004_prores.mov'))
    copyFileSync(join(FIXTURES, 'voice.wav'), join(dir, 'A005_voice.wav'))
    makeClip(join(dir, 'B001_wide.mp4'), 'testsrc2')
    makeClip(join(dir, 'B002_close.mp4'), 'mandelbrot')
    makeClip(join(dir, 'B003_drone.mp4'), 'smptehdbars')
    // Slow enough that the batch is still moving when it is photographed.
    expect((await settings({ bandwidthCap: 65_536 })).ok).toBe(true)
    h.setPick([dir])
    await page.getByRole('button', { name: 'Add folder…' }).click()
    const header = page.getByTestId('batch-header').filter({ hasText: 'Harbour day 2' })
    await header.waitFor()
    await expect.poll(() => page.locator('.upload-row[data-state]').count()).toBe(8)

    for (const name of [
      'A001_h264.mp4',
      'A002_vp9.webm',
      'B001_wide.mp4',
      'B002_close.mp4',
      'B003_drone.mp4',
      // Audio: its waveform, decoded by Web Audio.
      'A005_voice.wav',
    ])
      await expect.poll(() => poster(name).getAttribute('data-poster'), { timeout: 20_000 }).toBe('image')
    for (const name of ['A003_hevc.mp4', 'A004_prores.mov'])
      await expect
        .poll(() => poster(name).getAttribute('data-poster'), { timeout: 20_000 })
        .toBe('undecodable')

    // A real frame: 160×90 and not one flat colour.
    const colours = await poster('A001_h264.mp4').evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      const c = document.createElement('canvas')
      c.width = img.naturalWidth
      c.height = img.naturalHeight
      const ctx = c.getContext('2d')!
      ctx.drawImage(img, 0, 0)
      const data = ctx.getImageData(0, 0, c.width, c.height).data
      const seen = new Set<number>()
      for (let i = 0; i < data.length; i += 4 * 37)
        seen.add((data[i]! >> 4) * 256 + (data[i + 1]! >> 4) * 16 + (data[i + 2]! >> 4))
      return { width: img.naturalWidth, height: img.naturalHeight, distinct: seen.size }
    })
    expect(colours).toMatchObject({ width: 160, height: 90 })
    expect(colours.distinct).toBeGreaterThan(8)

    await expect.poll(() => header.locator('.badge').textContent()).toMatch(/Uploading|Queued/)
    await shootBoth(page, 'uploads-batch-active')
    expect(await seriousViolations(page)).toEqual([])
  }, 90_000)

  test('the finished batch says so, with its counts adding up', async () => {
    expect((await settings({ bandwidthCap: null })).ok).toBe(true)
    const header = page.getByTestId('batch-header').filter({ hasText: 'Harbour day 2' })
    await expect.poll(() => header.locator('.badge').textContent(), { timeout: 60_000 }).toMatch(/Finished/)
    expect(await header.textContent()).toContain('8 / 8')
    const strip = page.getByTestId('totals')
    const counts = await strip
      .locator('dd[data-count]')
      .evaluateAll((dds) =>
        dds.map((d) => [(d as HTMLElement).dataset.count, Number(d.textContent?.replace(/\D/g, '') || NaN)]),
      )
    const files = counts.find(([k]) => k === 'files')![1] as number
    const sum = counts
      .filter(([k]) => k !== 'files' && k !== 'speed')
      .reduce((a, [, n]) => a + (n as number), 0)
    expect(sum).toBe(files)
    await shootBoth(page, 'uploads-batch-finished')
    expect(await seriousViolations(page)).toEqual([])
  }, 90_000)

  test('posters are cached: after a reload the pictures come back without reading the files again', async () => {
    const reads: string[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/local-media/')) reads.push(r.url())
    })
    await page.reload()
    await page.getByTestId('batch-header').filter({ hasText: 'Harbour day 2' }).waitFor()
    for (const name of ['A001_h264.mp4', 'A002_vp9.webm', 'A005_voice.wav'])
      await expect.poll(() => poster(name).getAttribute('data-poster'), { timeout: 20_000 }).toBe('image')
    await expect.poll(() => poster('A003_hevc.mp4').getAttribute('data-poster')).toBe('undecodable')
    expect(reads).toEqual([])
  }, 60_000)
})
