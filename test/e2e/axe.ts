import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** One axe-core finding, shortened to what a failing test should print. */
export type AxeFinding = Readonly<{ id: string; impact: string; help: string; targets: string[] }>

/**
 * Runs axe-core (WCAG 2 A/AA and best practices) on the page as it is, in light and in dark, and returns
 * the serious and critical findings (issue 16 point 6 wants none). The page's colour scheme is put back.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const found: AxeFinding[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.waitForTimeout(50)
    // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern: the
    // page is checked under its real policy, with nothing relaxed for the test.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: unknown[] }> } }).axe
      const r = await axe.run({ resultTypes: ['violations'] })
      return r.violations as Array<{
        id: string
        impact: string | null
        help: string
        nodes: Array<{ target: unknown[] }>
      }>
    })
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push({
          id: `${v.id} (${scheme})`,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
        })
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}
