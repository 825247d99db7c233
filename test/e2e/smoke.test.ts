import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, serveBuiltRenderer } from '../helpers/chromium.ts'
import { seriousViolations } from './axe.ts'
import { openStubPage } from './stub-page.ts'

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

test('the built renderer loads in headless chromium without errors or CSP violations', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.close()
  const stub = await openStubPage(browser, server.url, { 'uploads:list': [], 'accounts:list': [] })
  stub.on('pageerror', (e) => errors.push(e.message))
  stub.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/.test(m.text())) errors.push(m.text())
  })
  await stub.getByRole('heading', { name: 'Uploads', level: 1 }).waitFor()
  expect(await stub.title()).toBe('Spool')
  expect(errors).toEqual([])
})

test('axe-core runs under the page’s own CSP and reports what it finds (a control for the a11y checks)', async () => {
  const page = await openStubPage(browser, server.url, {})
  await page.getByRole('heading', { name: 'Uploads', level: 1 }).waitFor()
  expect(await seriousViolations(page)).toEqual([])
  // A control: an unlabelled field and an image without text are serious/critical findings.
  await page.evaluate(() => {
    document.querySelector('#main')?.insertAdjacentHTML('beforeend', '<input type="text"><img src="data:,">')
  })
  const found = (await seriousViolations(page)).map((f) => f.id)
  expect(found).toEqual(expect.arrayContaining(['label (light)', 'image-alt (dark)']))
  await page.close()
})
