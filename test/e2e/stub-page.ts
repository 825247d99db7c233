import type { Browser, Page } from 'playwright-core'
import { DEFAULT_SETTINGS } from '../../common/domain/settings.ts'
import { describeCountFormat } from '../../common/util/count-format.ts'
import { dispatch } from '../../main/ipc/dispatch.ts'
import type { HandlerTable } from '../../main/ipc/handlers.ts'
import { bundlePreloadApi } from './harness.ts'
import { serveStubAnswers } from './stub-answers.ts'

/**
 * What a fresh install's main answers to the calls every view makes on its own (settings, app facts, the
 * built-in sandbox account and what it can do), so a stub page shows the product and never a stub's error.
 */
export const FRESH_INSTALL: Readonly<Record<string, unknown>> = {
  'settings:get': DEFAULT_SETTINGS,
  // Described once as the test starts, as main does as it starts (main/desktop/app-main.ts).
  'app:info': {
    version: '0.0.0-e2e',
    platform: 'linux',
    online: true,
    countFormat: describeCountFormat('en-US'),
  },
  'accounts:list': [
    {
      name: 'sandbox',
      kind: 'fastpix',
      apiUrl: 'http://127.0.0.1:9/v1',
      streamUrl: 'http://127.0.0.1:9/stream',
      builtIn: true,
      selected: true,
      tokenIdHint: null,
    },
  ],
  'accounts:capabilities': {
    summaries: true,
    generatedSubtitles: true,
    tracksByUrlOnly: true,
    mp4Support: true,
    sourceAccess: true,
    unusedUploads: true,
    clips: true,
    metadataLimits: { maxKeys: 10, maxValueLength: 255 },
  },
  'uploads:list': [],
  'uploads:batches': [],
  'unused:list': [],
  'library:query': { items: [], total: 0, offset: 0, limit: 200, refreshedAt: null },
  'library:refresh': null,
}

/**
 * Opens the built renderer with window.spool built by the real createSpoolApi over a stub transport that
 * answers from `answers` (channel → value, or a function of the request) over FRESH_INSTALL, each answer
 * through main's dispatcher (main/ipc/dispatch.ts) as the app's main sends it. A channel
 * neither answers is never answered
 * (a test that needs it must say what main would reply) and is listed by `unansweredChannels`, which
 * shootBoth checks: a screenshot never shows a stub's error in place of the product.
 */
export async function openStubPage(
  browser: Browser,
  url: string,
  answers: Record<string, unknown>,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const iife = await bundlePreloadApi()
  const all = { ...FRESH_INSTALL, ...answers }
  // Answers are fetched when asked, as IPC replies arrive; embedding them in the init script would make the
  // page parse megabytes of script before its first byte of UI (B6 measures what the user waits for).
  const stub = await serveStubAnswers(async (channel, request) => {
    if (!(channel in all)) return { answered: false }
    // An answer may depend on the request (e.g. uploads:list's { last }), as main's would.
    const answer = all[channel]
    const handler = (parsed: unknown): unknown =>
      typeof answer === 'function' ? (answer as (request: unknown) => unknown)(parsed) : answer
    // Through main's own dispatcher: the request checked, the answer checked against the contract and stripped
    // to what it names, as the app's main does before anything reaches the window.
    const reply = await dispatch({ [channel]: handler } as unknown as HandlerTable, channel, request)
    return { answered: true, reply }
  })
  page.on('close', stub.close)
  await page.addInitScript(`${iife}
;(() => {
  window.__spoolEmit = () => {}
  window.__spoolUnanswered = []
  window.spool = SpoolPreload.createSpoolApi({
    invoke: async (channel, payload) => {
      const reply = await (
        await fetch('${stub.url}' + encodeURIComponent(channel), { method: 'POST', body: JSON.stringify(payload ?? null) })
      ).json()
      if (!reply.unanswered) return reply
      window.__spoolUnanswered.push(channel)
      return new Promise(() => {})
    },
    on: () => () => {},
  })
})()`)
  await page.goto(url)
  return page
}

/** The channels a stub page was asked for and could not answer (empty on a page opened by the harness). */
export function unansweredChannels(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoolUnanswered?: string[] }).__spoolUnanswered ?? [])
}
