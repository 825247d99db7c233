import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { unansweredChannels } from './stub-page.ts'

const DIR = resolve(import.meta.dirname, '../../test-results/screenshots')

/**
 * Refuses to photograph test scaffolding: a call a stub page could not answer, or a message that names the
 * stub, would show the harness instead of the product (issue 16 point 7).
 */
export async function assertNoScaffolding(page: Page): Promise<void> {
  const unanswered = await unansweredChannels(page)
  if (unanswered.length > 0)
    throw new Error(`the stub page was asked for ${unanswered.join(', ')} and had no answer to show`)
  const notices = await page.locator('.notice').allTextContents()
  const leak = notices.find((t) => /\bstub\b|api\/not-supported/i.test(t))
  if (leak !== undefined) throw new Error(`a test stub's message is on screen: ${leak}`)
}

/** Saves the page in light and in dark (prefers-color-scheme), as `<name>-light.png` / `<name>-dark.png`. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  await assertNoScaffolding(page)
  mkdirSync(DIR, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForTimeout(50)
    await page.screenshot({ path: join(DIR, `${name}-${scheme}.png`) })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
