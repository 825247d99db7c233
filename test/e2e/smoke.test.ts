import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, serveBuiltRenderer } from '../helpers/chromium.ts'

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

test('the built renderer loads in headless chromium without errors', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Spool' }).first().isVisible()).resolves.toBe(true)
  expect(await page.title()).toBe('Spool')
  expect(errors).toEqual([])
})
