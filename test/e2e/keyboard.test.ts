import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { makeClips } from './clips.ts'
import type { Harness } from './harness.ts'
import { appPerFile } from './per-file.ts'

// Issue 16 point 6: every flow from the keyboard alone. No click anywhere in this file: Tab moves, Enter and
// Space act, typing edits; focus after each navigation is checked to be on the new page's heading.

let h: Harness
let page: Page

/** The accessible name of the focused element, as far as this app's markup gives it. */
const focusedName = (): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return ''
    const labelled = el.getAttribute('aria-label')
    if (labelled) return labelled
    // Text a screen reader reads: without aria-hidden glyphs (the nav's ⚙, the notice's ℹ).
    const spoken = (node: Element): string => {
      const copy = node.cloneNode(true) as Element
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove()
      return (copy.textContent ?? '').trim()
    }
    if (el === document.body) return '<body>'
    const label = el.closest('label')
    if (label && label !== el) return spoken(label)
    return spoken(el)
  })

/** Presses Tab until the focused element's name matches; fails after a page's worth of stops. */
async function tabTo(name: string | RegExp): Promise<void> {
  const seen: string[] = []
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press('Tab')
    const now = await focusedName()
    if (typeof name === 'string' ? now === name : name.test(now)) return
    seen.push(now)
  }
  throw new Error(`Tab never reached ${String(name)}; it went through: ${seen.slice(0, 60).join(' | ')}`)
}

const focusedTag = (): Promise<string> => page.evaluate(() => document.activeElement?.tagName ?? '')
const headingFocused = async (name: string): Promise<void> => {
  await page.getByRole('heading', { level: 1, name }).waitFor()
  await expect.poll(focusedTag).toBe('H1')
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name)
}

function bigFiles(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true })
  const head = Buffer.from('00000018667479706973366d0000020069736f6d6d703431', 'hex')
  for (let i = 1; i <= count; i++)
    writeFileSync(join(dir, `big-0${i}.mov`), Buffer.concat([head, randomBytes(3_000_000 - head.length)]))
  return dir
}

appPerFile((started) => {
  h = started
  page = started.page
})

describe('keyboard only', () => {
  test('add a folder, pause, resume and cancel a row, open a media, edit and save it', async () => {
    // Add folder… (the dialog is main's; the harness answers it) and wait for the upload to finish.
    h.setPick([makeClips(join(h.home, 'media', 'quay'), ['quay-at-dusk'])])
    await tabTo('Add folder…')
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      () => document.querySelectorAll('.upload-row .badge[data-state="done"]').length === 1,
      null,
      { timeout: 60_000 },
    )

    // A slow link, set from the settings form.
    await tabTo('Accounts & settings')
    await page.keyboard.press('Enter')
    await headingFocused('Accounts & settings')
    await tabTo(/^Bandwidth cap/)
    await page.keyboard.type('0.1')
    await tabTo('Save settings')
    await page.keyboard.press('Enter')
    await page.getByText('Settings saved.').waitFor()

    await tabTo('Uploads')
    await page.keyboard.press('Enter')
    await headingFocused('Uploads')
    h.setPick([bigFiles(join(h.home, 'media', 'slow'), 3)])
    await tabTo('Add folder…')
    await page.keyboard.press('Enter')
    await page.locator('.upload-row', { hasText: 'big-03.mov' }).waitFor()
    const badge = (name: string, state: string) =>
      page.locator('.upload-row', { hasText: name }).locator(`.badge[data-state="${state}"]`)

    await tabTo('Pause big-01.mov')
    await page.keyboard.press('Enter')
    await badge('big-01.mov', 'paused').waitFor()
    await tabTo('Resume big-01.mov')
    await page.keyboard.press('Space')
    await badge('big-01.mov', 'paused').waitFor({ state: 'detached' })
    await tabTo('Cancel big-02.mov')
    await page.keyboard.press('Enter')
    await badge('big-02.mov', 'cancelled').waitFor()

    // Open the uploaded media from the library, edit its title, save.
    await tabTo('Library')
    await page.keyboard.press('Enter')
    await headingFocused('Library')
    await page.getByRole('button', { name: 'quay-at-dusk', exact: true }).waitFor({ timeout: 30_000 })
    await tabTo('quay-at-dusk')
    await page.keyboard.press('Enter')
    await headingFocused('quay-at-dusk')
    await tabTo('Title')
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Quay at dusk, wide')
    await tabTo('Save details')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Quay at dusk, wide' }).waitFor()
    await tabTo('Back to the library')
    await page.keyboard.press('Enter')
    await headingFocused('Library')
    await page.getByRole('button', { name: 'Quay at dusk, wide', exact: true }).waitFor()
  })
})
