import { mkdirSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { asAccountName } from '../../common/domain/ids.ts'
import { seriousViolations, type AxeFinding } from './axe.ts'
import { makeClips } from './clips.ts'
import { sandboxCredentials, type Harness } from './harness.ts'
import { appPerFile } from './per-file.ts'
import { shootBoth } from './shots.ts'

let h: Harness
let page: Page
/** Serious and critical axe-core findings, by view (issue 16 point 6 wants none anywhere). */
const a11y: Record<string, AxeFinding[]> = {}

/** Screenshots a view in both themes and checks it with axe-core in both themes. */
async function view(name: string): Promise<void> {
  await shootBoth(page, name)
  const found = await seriousViolations(page)
  if (found.length > 0) a11y[name] = found
}

const DAY1 = [
  'harbour-dawn',
  'ferry-crossing',
  'fish-market',
  'lighthouse',
  'tug-boats',
  'gulls',
  'rope-detail',
  'dock-workers',
]
const DAY2 = ['city-rooftops', 'tram-stop', 'night-traffic', 'neon-signs']

function makeFolder(name: string, count: number, size: number, prefix: string, ext: string): string {
  const dir = join(h.home, 'media', name)
  mkdirSync(dir, { recursive: true })
  // An ISO-BMFF 'ftyp' box up front: Spool sniffs content, so pure noise would (rightly) be refused.
  const head = Buffer.from('00000018667479706973366d0000020069736f6d6d703431', 'hex')
  for (let i = 1; i <= count; i++) {
    const body = Buffer.concat([head, randomBytes(size - head.length)])
    writeFileSync(join(dir, `${prefix}-${String(i).padStart(2, '0')}.${ext}`), body)
  }
  return dir
}

async function sandboxApi(path: string, init: RequestInit = {}): Promise<unknown> {
  const d = await h.core.destination(asAccountName('sandbox'))
  const { username, password } = sandboxCredentials(h.home)
  const res = await fetch(`${d.account.apiUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
  })
  return res.json()
}

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true })
const row = (text: string) => page.locator('.upload-row', { hasText: text })
const countState = (state: string, prefix: string) =>
  page.locator(`.upload-row:has-text("${prefix}") .badge[data-state="${state}"]`).count()

appPerFile((started) => {
  h = started
  page = started.page
})

describe('Spool end to end (built renderer + real core + real sandbox)', () => {
  test('(a) two folders of real clips upload completely; the library shows their pictures, durations and folders', async () => {
    await view('uploads-empty')
    await nav('Library').click()
    await page.getByRole('heading', { name: 'No media yet' }).waitFor()
    await view('library-empty')
    await nav('Unused uploads').click()
    await page.getByRole('heading', { name: 'No abandoned uploads' }).waitFor()
    await view('unused-empty')
    await nav('Uploads').click()
    h.setPick([makeClips(join(h.home, 'media', 'day1'), DAY1)])
    await page.getByRole('button', { name: 'Add folder…' }).click()
    await page.locator('.notice', { hasText: '8 files added' }).waitFor()
    h.setPick([makeClips(join(h.home, 'media', 'day2'), DAY2, DAY1.length)])
    await page.getByRole('button', { name: 'Add folder…' }).click()
    await page.locator('.notice', { hasText: '4 files added' }).waitFor()
    await page.waitForFunction(
      () => document.querySelectorAll('.upload-row .badge[data-state="done"]').length === 12,
      null,
      { timeout: 90_000 },
    )
    await view('uploads-done')
    await nav('Library').click()
    await page.waitForFunction(
      () => document.querySelectorAll('.media-row .badge[data-tone="ok"]').length === 12,
      null,
      { timeout: 30_000 },
    )
    // Every row's picture is the clip's own frame from the sandbox, loaded.
    await page.waitForFunction(
      () => {
        const imgs = [...document.querySelectorAll<HTMLImageElement>('.media-row .thumb img')]
        return imgs.length >= 10 && imgs.every((i) => i.complete && i.naturalWidth === 320)
      },
      null,
      { timeout: 30_000 },
    )
    expect(await page.getByRole('button', { name: 'harbour-dawn', exact: true }).count()).toBe(1)
    const harbour = page.locator('.media-row', { hasText: 'harbour-dawn' })
    expect(await harbour.locator('.cell-folder').textContent()).toBe('day1')
    expect(await harbour.locator('.cell-num').textContent()).toMatch(/^0:0[2-5]$/)
    await view('library')
    await page.getByLabel('Folder').selectOption('day2')
    await expect.poll(() => page.locator('.media-row:not(.head)').count()).toBe(4)
    await page.getByRole('checkbox', { name: 'Select tram-stop' }).check()
    await page.getByRole('checkbox', { name: 'Select neon-signs' }).check()
    await view('library-selection')
    await page.getByRole('button', { name: 'Clear selection' }).click()
    await page.getByLabel('Folder').selectOption('')
    await page.getByLabel('Status').selectOption('Failed')
    await page.getByRole('heading', { name: 'Nothing matches' }).waitFor()
    await view('library-no-match')
    await page.getByLabel('Status').selectOption('')
  })

  test('(b) pause, resume and cancel one and all', async () => {
    await nav('Accounts & settings').click()
    await page.getByLabel(/Bandwidth cap/).fill('0.1')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Settings saved.').waitFor()
    expect(await page.getByLabel(/Bandwidth cap/).inputValue()).toBe('0.1')
    await view('accounts-settings')
    await nav('Uploads').click()
    h.setPick([makeFolder('slow', 4, 3_000_000, 'big', 'mov')])
    await page.getByRole('button', { name: 'Add folder…' }).click()
    await row('big-04.mov').waitFor()

    await page.getByRole('button', { name: 'Pause big-01.mov' }).click()
    await row('big-01.mov').locator('.badge[data-state="paused"]').waitFor()
    await page.getByRole('button', { name: 'Resume big-01.mov' }).click()
    await row('big-01.mov').locator('.badge[data-state="paused"]').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Cancel big-02.mov' }).click()
    await row('big-02.mov').locator('.badge[data-state="cancelled"]').waitFor()

    const bar = page.getByRole('toolbar', { name: 'All uploads' })
    await bar.getByRole('button', { name: 'Pause all' }).click()
    await expect.poll(() => countState('paused', 'big-'), { timeout: 20_000 }).toBe(3)
    await view('uploads-paused')
    await bar.getByRole('button', { name: 'Resume all' }).click()
    await expect.poll(() => countState('paused', 'big-'), { timeout: 20_000 }).toBe(0)
    await bar.getByRole('button', { name: 'Cancel all' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel all uploads' }).click()
    await expect.poll(() => countState('cancelled', 'big-'), { timeout: 20_000 }).toBe(4)

    await nav('Accounts & settings').click()
    await page.getByLabel(/Bandwidth cap/).fill('')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Settings saved.').waitFor()
  })

  test('(c) title and metadata edits reach the sandbox; the preview plays the sandbox stream', async () => {
    await nav('Library').click()
    await page.getByRole('button', { name: 'harbour-dawn', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'harbour-dawn' }).waitFor()
    // Focus moved to the new page's heading (not lost to <body>).
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await page.getByLabel('Title', { exact: true }).fill('Harbour at dawn')
    await page.getByRole('button', { name: 'Add key' }).click()
    const keys = await page.getByLabel(/^Metadata key \d+$/).count()
    await page.getByLabel(`Metadata key ${keys}`, { exact: true }).fill('client')
    await page.getByLabel(`Metadata value ${keys}`, { exact: true }).fill('Port Authority')
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByRole('heading', { level: 1, name: 'Harbour at dawn' }).waitFor()
    expect(await page.getByText('video', { exact: true }).count()).toBeGreaterThan(0)
    expect(await page.getByText('audio', { exact: true }).count()).toBeGreaterThan(0)
    const video = page.getByLabel('Preview of Harbour at dawn')
    const played = await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true
      const deadline = Date.now() + 20_000
      while (v.readyState < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      await v.play()
      while (v.currentTime < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      v.pause()
      return { time: v.currentTime, width: v.videoWidth, error: v.error?.code ?? null }
    })
    expect(played).toMatchObject({ width: 320, error: null })
    expect(played.time).toBeGreaterThanOrEqual(1)
    await view('media-detail')
    // The page header stays while the page scrolls.
    await page.locator('#main').evaluate((m) => m.scrollTo(0, m.scrollHeight))
    expect(await page.getByRole('heading', { level: 1, name: 'Harbour at dawn' }).isVisible()).toBe(true)
    const top = await page.locator('.view-head').evaluate((e) => e.getBoundingClientRect().top)
    expect(top).toBeGreaterThanOrEqual(0)
    expect(top).toBeLessThan(5)
    await view('media-detail-scrolled')
    await page.locator('#main').evaluate((m) => m.scrollTo(0, 0))
    const id = (await page.locator('.facts dd').first().textContent())!
    const remote = (await sandboxApi(`/on-demand/${id}`)) as {
      data: { title?: string; metadata?: Record<string, string> }
    }
    expect(remote.data.title).toBe('Harbour at dawn')
    expect(remote.data.metadata?.client).toBe('Port Authority')
  })

  test('(d) add and delete a track, generate subtitles', async () => {
    const form = page.getByRole('form', { name: 'Add a track' })
    await form.getByLabel('Kind').selectOption('audio')
    await form.getByLabel('Track URL').fill('https://example.com/italian.m4a')
    await form.getByLabel('Language code').fill('it')
    await form.getByLabel('Language name').fill('Italian')
    await form.getByRole('button', { name: 'Add track' }).click()
    await page.getByText('Track added.').waitFor()
    await page.getByRole('button', { name: 'Generate subtitles from audio track Italian' }).click()
    await page
      .getByRole('form', { name: 'Generate subtitles' })
      .getByRole('button', { name: 'Generate' })
      .click()
    await page.locator('.notice', { hasText: /Subtitles requested|⚠/ }).waitFor()
    expect(await page.locator('.notice').textContent()).toContain('Subtitles requested.')
    await form.getByLabel('Kind').selectOption('subtitle')
    await form.getByLabel('Track URL').fill('https://example.com/french.vtt')
    await form.getByLabel('Language code').fill('fr')
    await form.getByLabel('Language name').fill('French')
    await form.getByRole('button', { name: 'Add track' }).click()
    await page.getByRole('button', { name: 'Delete subtitle track French' }).click()
    await page.getByText('Track deleted.').waitFor()
    await expect
      .poll(() => page.getByRole('button', { name: 'Delete subtitle track French' }).count())
      .toBe(0)
    const id = (await page.locator('.facts dd').first().textContent())!
    const remote = (await sandboxApi(`/on-demand/${id}`)) as {
      data: { tracks?: { type: string; languageCode?: string }[] }
    }
    const tracks = remote.data.tracks ?? []
    expect(tracks.some((t) => t.type === 'audio' && t.languageCode === 'it')).toBe(true)
    expect(tracks.some((t) => t.type === 'subtitle' && t.languageCode === 'fr')).toBe(false)
    expect(tracks.some((t) => t.type === 'subtitle' && t.languageCode === 'it-IT')).toBe(true)
  })

  test('(e) abandoned uploads are cancelled from the triage view', async () => {
    for (let i = 0; i < 2; i++) {
      await sandboxApi('/on-demand/upload', {
        method: 'POST',
        body: JSON.stringify({ corsOrigin: '*', pushMediaSettings: { accessPolicy: 'public' } }),
      })
    }
    await nav('Unused uploads').click()
    await page.getByRole('table', { name: 'Unused uploads' }).waitFor()
    expect(await page.getByText('Not in this queue').count()).toBeGreaterThanOrEqual(2)
    await view('unused')
    await page.getByRole('checkbox', { name: 'Select all unused uploads' }).check()
    await page.getByRole('button', { name: /^Cancel \d+ selected…$/ }).click()
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /^Cancel \d+ uploads$/ })
      .click()
    await page.getByRole('heading', { name: 'No abandoned uploads' }).waitFor()
    const left = (await sandboxApi('/on-demand/uploads?limit=50&offset=1')) as { data?: unknown[] }
    expect(left.data ?? []).toEqual([])
  })

  test('(f) a wrong secret is refused clearly; the right one works', async () => {
    const d = await h.core.destination(asAccountName('sandbox'))
    const { username, password } = sandboxCredentials(h.home)
    await nav('Accounts & settings').click()
    await page.getByLabel('Account name').fill('studio')
    await page.getByLabel('API URL').fill(d.account.apiUrl)
    await page.getByLabel('Access Token ID').fill(username)
    await page.getByLabel('Secret Key').fill('definitely-not-the-secret')
    await page.getByRole('button', { name: 'Verify and add' }).click()
    const alert = page.locator('.field-error[role="alert"]')
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/Secret Key|credentials|not accept/i)
    await view('accounts-wrong-secret')
    await page.getByLabel('Secret Key').fill(password)
    await page.getByRole('button', { name: 'Verify and add' }).click()
    await page.getByText('Account “studio” verified and saved.').waitFor()
    await page.getByRole('button', { name: 'Test studio' }).click()
    await page.getByText('“studio” works.').waitFor()
    await page.getByRole('button', { name: 'Edit studio' }).click()
    await view('accounts-edit')
  })

  test('axe-core: no serious or critical violation on any view, light or dark', () => {
    expect(a11y).toEqual({})
  })

  test('no IPC response or event carried a secret or a session URI', () => {
    const { password } = sandboxCredentials(h.home)
    const all = h.wire.join('\n')
    expect(h.wire.length).toBeGreaterThan(50)
    for (const needle of [
      password,
      'upload_id=',
      'X-Goog-Signature',
      'Basic ',
      'definitely-not-the-secret',
    ]) {
      expect(
        all.includes(needle),
        `IPC traffic contains ${needle === password ? 'the sandbox password' : needle}`,
      ).toBe(false)
    }
  })
})
