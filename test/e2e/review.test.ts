import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { asAccountName } from '../../common/domain/ids.ts'
import { seriousViolations } from './axe.ts'
import { makeClips } from './clips.ts'
import { sandboxCredentials, type Harness } from './harness.ts'
import { appPerFile } from './per-file.ts'
import { shootBoth } from './shots.ts'

// Issue 15 point 4: dropping a folder opens the review table; nothing is uploaded before Start.

let h: Harness
let page: Page

async function sandboxGet(path: string): Promise<unknown> {
  const d = await h.core.destination(asAccountName('sandbox'))
  const { username, password } = sandboxCredentials(h.home)
  const res = await fetch(`${d.account.apiUrl}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  })
  return res.json()
}

const mediaTitles = async (): Promise<string[]> => {
  const list = (await sandboxGet('/on-demand?limit=50')) as { data?: Array<{ title?: string }> }
  return (list.data ?? []).map((m) => m.title ?? '').sort()
}

appPerFile((started) => {
  h = started
  page = started.page
})

describe('review table', () => {
  test('drop a folder, edit two titles, add a second folder, start: the sandbox gets exactly the edited batch', async () => {
    const folder = makeClips(join(h.home, 'media', 'shoot-01'), ['a001', 'a002', 'a003', 'a004'], 3)
    await h.drop([folder])
    await page.getByRole('heading', { level: 1, name: 'Review the batch' }).waitFor()
    const table = page.getByRole('table', { name: 'Review of the batch' })
    await table.getByLabel('Title of a004.mp4').waitFor()
    expect(await table.locator('tbody tr:not(.review-notes)').count()).toBe(4)
    // Nothing was sent: no job queued, nothing created on the sandbox.
    expect(await mediaTitles()).toEqual([])
    expect(await page.evaluate(() => document.querySelectorAll('.upload-row').length)).toBe(0)

    await table.getByLabel('Title of a001.mp4').fill('Harbour, first light')
    await table.getByLabel('Title of a003.mp4').fill('Harbour, tugs leaving')
    // Add folder… puts a second folder into the same batch; the edits above stay.
    h.setPick([makeClips(join(h.home, 'media', 'shoot-02'), ['b001', 'b002'], 7)])
    await page.getByRole('button', { name: 'Add folder…' }).click()
    await table.getByLabel('Title of b002.mp4').waitFor()
    expect(await table.getByLabel('Title of a001.mp4').inputValue()).toBe('Harbour, first light')
    await shootBoth(page, 'review-table')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Start 6 files' }).click()
    await page.getByRole('heading', { level: 1, name: 'Uploads' }).waitFor()
    await page.waitForFunction(
      () => document.querySelectorAll('.upload-row .badge[data-state="done"]').length === 6,
      null,
      { timeout: 90_000 },
    )
    expect(await mediaTitles()).toEqual([
      'Harbour, first light',
      'Harbour, tugs leaving',
      'a002',
      'a004',
      'b001',
      'b002',
    ])
  })

  test('an empty drop says so', async () => {
    const empty = join(h.home, 'media', 'empty')
    makeClips(empty, [])
    await h.drop([empty])
    await page.getByRole('heading', { name: 'Nothing to upload in this batch' }).waitFor()
    await shootBoth(page, 'review-empty')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Cancel' }).click()
  })
})
