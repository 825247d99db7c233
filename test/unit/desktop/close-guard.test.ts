import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createCloseGuard, type CloseAnswer } from '../../../main/desktop/close-guard.ts'
import {
  DEFAULT_PREFS,
  loadPrefs,
  savePrefs,
  type DesktopPrefs,
} from '../../../main/desktop/desktop-prefs.ts'

/** A guard over plain functions that records what it did. */
function guardWith(o: { busy: boolean; prefs?: Partial<DesktopPrefs>; answer?: CloseAnswer }) {
  const did: string[] = []
  let prefs: DesktopPrefs = { ...DEFAULT_PREFS, ...o.prefs }
  let release: (a: CloseAnswer) => void = () => {}
  const guard = createCloseGuard({
    busy: () => o.busy,
    prefs: () => prefs,
    savePrefs: (p) => {
      prefs = p
      did.push(`save:${p.whenClosing}`)
    },
    ask: () => {
      did.push('ask')
      return o.answer ? Promise.resolve(o.answer) : new Promise((r) => (release = r))
    },
    keepRunning: () => did.push('keep-running'),
    quit: () => did.push('quit'),
    leavingUnfinished: () => did.push('leaving-unfinished'),
  })
  return { guard, did, prefs: () => prefs, answer: (a: CloseAnswer) => release(a) }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('closing the window while uploads are under way', () => {
  test('nothing under way: the window closes without a question', () => {
    const { guard, did } = guardWith({ busy: false })
    expect(guard.intercept()).toBe(false)
    expect(did).toEqual([])
  })

  test('under way: Spool asks once, however often the close is repeated, and keeps running when told', async () => {
    const g = guardWith({ busy: true })
    expect(g.guard.intercept()).toBe(true)
    expect(g.guard.intercept()).toBe(true)
    expect(g.did).toEqual(['ask'])
    g.answer({ action: 'keep-running', remember: false })
    await settle()
    expect(g.did).toEqual(['ask', 'keep-running'])
    expect(g.prefs().whenClosing).toBe('ask')
  })

  test('"Quit" quits, registers what finishing later needs, and lets the quit through', async () => {
    const g = guardWith({ busy: true, answer: { action: 'quit', remember: false } })
    expect(g.guard.intercept()).toBe(true)
    await settle()
    expect(g.did).toEqual(['ask', 'leaving-unfinished', 'quit'])
    expect(g.guard.intercept()).toBe(false)
  })

  test('"Cancel" leaves the window open and remembers nothing', async () => {
    const g = guardWith({ busy: true, answer: { action: 'stay', remember: true } })
    expect(g.guard.intercept()).toBe(true)
    await settle()
    expect(g.did).toEqual(['ask'])
  })

  test('a remembered choice is used without asking: keep running, or quit', async () => {
    const g = guardWith({ busy: true, answer: { action: 'keep-running', remember: true } })
    g.guard.intercept()
    await settle()
    expect(g.did).toEqual(['ask', 'save:keep-running', 'keep-running'])
    expect(g.guard.intercept()).toBe(true)
    expect(g.did.at(-1)).toBe('keep-running')
    expect(g.did.filter((d) => d === 'ask')).toHaveLength(1)

    const q = guardWith({ busy: true, prefs: { whenClosing: 'quit' } })
    expect(q.guard.intercept()).toBe(false)
    expect(q.did).toEqual(['leaving-unfinished'])
  })

  test('the tray\'s "Quit Spool" quits at once', () => {
    const g = guardWith({ busy: true })
    g.guard.quitNow()
    expect(g.did).toEqual(['leaving-unfinished', 'quit'])
    expect(g.guard.intercept()).toBe(false)
  })
})

describe('desktop preferences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-prefs-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('round-trip; a missing, damaged or unknown value falls back to the default', () => {
    const file = join(dir, 'desktop.json')
    expect(loadPrefs(file)).toEqual(DEFAULT_PREFS)
    savePrefs(file, { whenClosing: 'keep-running', resumeAtLogin: false, loginItemForQueue: true })
    expect(loadPrefs(file)).toEqual({
      whenClosing: 'keep-running',
      resumeAtLogin: false,
      loginItemForQueue: true,
    })
    writeFileSync(file, '{"whenClosing":"explode","resumeAtLogin":"yes"}')
    expect(loadPrefs(file)).toEqual(DEFAULT_PREFS)
    writeFileSync(file, '{oops')
    expect(loadPrefs(file)).toEqual(DEFAULT_PREFS)
  })
})
