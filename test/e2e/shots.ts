import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'

const DIR = resolve(import.meta.dirname, '../../test-results/screenshots')

/** Saves the page in light and in dark (prefers-color-scheme), as `<name>-light.png` / `<name>-dark.png`. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForTimeout(50)
    await page.screenshot({ path: join(DIR, `${name}-${scheme}.png`) })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
