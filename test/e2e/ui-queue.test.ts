import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, serveBuiltRenderer } from '../helpers/chromium.ts'
import { fakeJob } from '../fakes/fake-api.ts'
import { openStubPage } from './stub-page.ts'
import { shootBoth } from './shots.ts'

let browser: Browser
let server: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  server = await serveBuiltRenderer()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const STATES = [
  'queued',
  'uploading',
  'done',
  'paused',
  'failed',
  'processing',
  'waiting-for-network',
] as const

test('(g) B6: a 10,000-row queue renders and scrolls', async () => {
  const jobs = Array.from({ length: 10_000 }, (_, i) =>
    fakeJob(i, {
      state: STATES[i % STATES.length]!,
      bytesAcked: (i * 7919) % 10_000_000,
      ...(i % STATES.length === 4
        ? { error: { code: 'upload/source-changed' as const, message: 'The file changed during upload.' } }
        : {}),
    }),
  )
  const started = performance.now()
  const page = await openStubPage(browser, server.url, { 'uploads:list': jobs, 'accounts:list': [] })
  await page.locator('.virtual-row').first().waitFor()
  const firstRender = performance.now() - started
  const rowcount = await page.getByRole('table', { name: 'Upload queue' }).getAttribute('aria-rowcount')
  expect(rowcount).toBe('10000')
  const domRows = await page.locator('.virtual-row').count()
  expect(domRows).toBeLessThan(60)
  await shootBoth(page, 'uploads-10000')

  // Scroll the whole list in 40 steps, timing frames in the page.
  const scroll = await page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('[data-testid="queue-scroll"]')!
    const frames: number[] = []
    let last = performance.now()
    const t0 = last
    for (let i = 1; i <= 40; i++) {
      el.scrollTop = (el.scrollHeight * i) / 40
      await new Promise((r) => requestAnimationFrame(() => r(null)))
      const now = performance.now()
      frames.push(now - last)
      last = now
    }
    const lastRow = document.querySelector('.virtual-row:last-child .name')?.textContent ?? ''
    frames.sort((a, b) => a - b)
    return { total: performance.now() - t0, p50: frames[20]!, max: frames[39]!, lastRow }
  })
  expect(scroll.lastRow).toMatch(/clip-99\d\d\.mp4/)
  const results = resolve(import.meta.dirname, '../../bench/results')
  mkdirSync(results, { recursive: true })
  writeFileSync(
    resolve(results, 'ui-queue.md'),
    [
      '# B6 — 10,000-row upload queue (built renderer, headless Chromium)',
      '',
      `Date: ${new Date().toISOString()} · Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · Chromium via playwright-core, headless, --disable-gpu`,
      '',
      '| Measure | Value |',
      '|---|---|',
      `| Navigation → first rows visible (10,000 jobs from uploads:list) | ${firstRender.toFixed(0)} ms |`,
      `| Rows in the DOM (virtualised) | ${domRows} |`,
      `| Scroll top → bottom in 40 steps, total | ${scroll.total.toFixed(0)} ms |`,
      `| Frame time per scroll step, median | ${scroll.p50.toFixed(1)} ms |`,
      `| Frame time per scroll step, worst | ${scroll.max.toFixed(1)} ms |`,
      '',
      'Timings are recorded, never asserted (docs/ARCHITECTURE.md §8.14). Re-run: `npx electron-vite build && npx vitest run --project e2e test/e2e/ui-queue.test.ts` or `node bench/ui-queue.ts`.',
      '',
    ].join('\n'),
  )
})
