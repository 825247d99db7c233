import type { Browser, Page } from 'playwright-core'
import { bundlePreloadApi } from './harness.ts'

/**
 * Opens the built renderer with window.spool built by the real createSpoolApi over a stub transport that
 * answers from `answers` (channel → value) and `{ok:false}` otherwise. For checks that need no core.
 */
export async function openStubPage(
  browser: Browser,
  url: string,
  answers: Record<string, unknown>,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const iife = await bundlePreloadApi()
  await page.addInitScript(`${iife}
;(() => {
  const answers = ${JSON.stringify(answers)}
  window.__spoolEmit = () => {}
  window.spool = SpoolPreload.createSpoolApi({
    invoke: (channel) => Promise.resolve(channel in answers ? { ok: true, value: answers[channel] } : { ok: false, error: { code: 'api/not-supported', message: 'stub' } }),
    on: () => () => {},
  })
})()`)
  await page.goto(url)
  return page
}
