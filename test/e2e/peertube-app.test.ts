import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startHarness, type Harness } from './harness.ts'
import { startPeerTubeE2e, type PeerTubeE2e } from './peertube-sandbox.ts'
import { shootBoth } from './shots.ts'
import { startPeerTubeSandbox, type PeerTubeSandboxHandle } from '../../sandbox/peertube/index.ts'
import { makeSelfSignedCertificate, type TestCertificate } from '../peertube/tls-front.ts'

// Issue 12 "The app" and issue 14 §4: a PeerTube account added through the UI (with its one-time code),
// a batch uploaded to a chosen channel with a chosen privacy, and the video in the library and detail views.
// The built renderer, the real core and the PeerTube sandbox over loopback.

const FIXTURES = resolve(import.meta.dirname, '../fixtures/media')

let h: Harness
let pt: PeerTubeE2e
let page: Page
let videoUuid = ''
let selfHosted: PeerTubeSandboxHandle | undefined
let selfHostedCert: TestCertificate | undefined

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true })

beforeAll(async () => {
  pt = await startPeerTubeE2e()
  h = await startHarness()
  page = h.page
  await page.getByRole('heading', { name: 'Drop a folder of footage here' }).waitFor()
})

afterAll(async () => {
  await h?.close()
  await pt?.close()
  await selfHosted?.close()
})

describe('PeerTube in the app (built renderer + real core + PeerTube sandbox)', () => {
  test('(a) a PeerTube account is added through the form, one-time code included, and put in use', async () => {
    await nav('Accounts & settings').click()
    await page.getByRole('radio', { name: 'PeerTube' }).check()
    const form = page.getByRole('form', { name: 'Add a PeerTube account' })
    await form.getByLabel('Account name').fill('tube')
    await form.getByLabel('Instance URL').fill(pt.sandbox.url)
    await form.getByLabel('Username').fill(pt.user.username)
    await form.getByLabel('Password').fill(pt.user.password)
    await shootBoth(page, 'peertube-account-form')
    await form.getByRole('button', { name: 'Sign in and add' }).click()

    const code = form.getByLabel('One-time code')
    await code.waitFor()
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true)
    // Main asked the user itself, once, naming the server; the code step is the same sign-in.
    expect(h.confirms).toHaveLength(1)
    expect(h.confirms[0]?.detail).toContain(pt.sandbox.url)
    await code.fill(pt.otp())
    await shootBoth(page, 'peertube-account-otp')
    await form.getByRole('button', { name: 'Verify code and add' }).click()
    await page.getByText(`Signed in to ${pt.sandbox.url} as ${pt.user.username}.`).waitFor()
    expect(h.confirms).toHaveLength(1)
    // The form clears the password once the sign-in call has returned (a moment after the notice shows).
    await expect.poll(() => form.getByLabel('Password').inputValue()).toBe('')

    const accounts = page.getByRole('region', { name: 'Accounts' })
    const row = accounts.locator('li', { hasText: `signed in as ${pt.user.username}` })
    await row.waitFor()
    expect(await row.textContent()).toContain('PeerTube')
    await page.getByRole('button', { name: 'Use tube' }).click()
    await page.getByText('Now using “tube”.').waitFor()
    await page.getByRole('button', { name: 'Test tube' }).click()
    await page.getByText('“tube” works.').waitFor()
    // PeerTube has no list of unused uploads: the view is gone from the navigation.
    await nav('Unused uploads').waitFor({ state: 'detached' })
    await shootBoth(page, 'peertube-accounts')
  })

  test('(b) the batch goes to the chosen channel with the chosen privacy', async () => {
    await nav('Uploads').click()
    await page.getByText(/Settings for new files/).click()
    const channel = page.getByRole('combobox', { name: 'Channel' })
    await expect.poll(() => channel.inputValue()).toBe(pt.user.channel)
    await channel.selectOption(pt.user.channel)
    await page.getByRole('combobox', { name: 'Privacy' }).selectOption('unlisted')
    expect(await page.getByLabel('Access policy').count()).toBe(0)
    expect(await page.getByLabel('Maximum resolution').count()).toBe(0)
    await page.getByText(`Unlisted · channel ${pt.user.channel}`).waitFor()
    await shootBoth(page, 'peertube-batch-settings')

    const dir = join(h.home, 'media', 'harbour')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'harbour-at-dawn.mp4')
    copyFileSync(join(FIXTURES, 'tiny-160x90.mp4'), file)
    h.setPick([file])
    await page.getByRole('button', { name: 'Add files…' }).click()
    await page.locator('.notice', { hasText: '1 file added' }).waitFor()
    await page
      .locator('.upload-row', { hasText: 'harbour-at-dawn.mp4' })
      .locator('.badge[data-state="done"]')
      .waitFor({ timeout: 60_000 })

    const mine = await pt.library.listMyVideos({ start: 0, count: 10 })
    expect(mine.raw).toHaveLength(1)
    const video = mine.raw[0]!
    expect(video.name).toBe('harbour-at-dawn')
    expect(video.privacy.id).toBe(2) // Unlisted
    expect(video.channel?.name).toBe(pt.user.channel)
    videoUuid = video.uuid
  })

  test('(c) the video is in the library, and its detail shows captions as tracks and no FastPix-only panel', async () => {
    // A caption, as `spool tracks add --file` would add it: shown as a subtitle track.
    await pt.library.addCaption(videoUuid, 'fr', join(FIXTURES, 'tiny.vtt'))
    await nav('Library').click()
    await page.getByRole('button', { name: 'Refresh' }).click()
    const row = page.locator('.media-row', { hasText: 'harbour-at-dawn' })
    await row.locator('.badge[data-tone="ok"]').waitFor({ timeout: 30_000 })
    await shootBoth(page, 'peertube-library')

    await page.getByRole('button', { name: 'harbour-at-dawn', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'harbour-at-dawn' }).waitFor()
    await page.getByText('Tracks and captions').waitFor()
    await page.locator('.track', { hasText: 'French' }).waitFor()
    const facts = page.locator('.facts')
    await facts.getByText('Unlisted').waitFor()
    await facts.getByText(pt.user.channel, { exact: true }).waitFor()
    for (const name of ['Summary', 'Delivery', 'What FastPix received'])
      expect(await page.getByRole('heading', { name }).count()).toBe(0)
    expect(await page.getByRole('form', { name: 'Add a track' }).count()).toBe(0)
    await shootBoth(page, 'peertube-detail')

    // The title is PeerTube's name: saved there, the only field it takes from Spool's editor.
    await page.getByLabel('Title', { exact: true }).fill('Harbour at dawn')
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByRole('heading', { level: 1, name: 'Harbour at dawn' }).waitFor()
    expect((await pt.library.getRawVideo(videoUuid)).name).toBe('Harbour at dawn')

    // Privacy from the library's selection bar (issue 16 §3): PUT /videos/{id} on the instance.
    await page.getByRole('button', { name: 'Back to the library' }).click()
    await page.getByRole('checkbox', { name: 'Select Harbour at dawn' }).check()
    const bar = page.getByRole('toolbar', { name: 'Selected media' })
    await bar.getByLabel('Privacy').selectOption('private')
    await shootBoth(page, 'peertube-library-selection')
    await bar.getByRole('button', { name: 'Apply' }).click()
    await page.locator('.notice', { hasText: 'Privacy private: 1 changed.' }).waitFor()
    expect((await pt.library.getRawVideo(videoUuid)).privacy.id).toBe(3)
    await bar.getByRole('button', { name: 'Clear selection' }).click()
  })

  test('(d) an instance with its own certificate: its fingerprint is shown, confirmed, and only it is trusted', async () => {
    const cert = makeSelfSignedCertificate('videos.selfhosted.test')
    selfHostedCert = cert
    selfHosted = await startPeerTubeSandbox({
      dataDir: mkdtempSync(join(tmpdir(), 'spool-e2e-selfhosted-')),
      rootPassword: 'root-selfhosted',
      tls: { key: cert.key, cert: cert.cert },
    })
    await nav('Accounts & settings').click()
    await page.getByRole('radio', { name: 'PeerTube' }).check()
    const form = page.getByRole('form', { name: 'Add a PeerTube account' })
    await form.getByLabel('Account name').fill('selfhosted')
    await form.getByLabel('Instance URL').fill(selfHosted.url)
    await form.getByLabel('Username').fill('root')
    await form.getByLabel('Password').fill('root-selfhosted')
    const asked = h.confirms.length
    await form.getByRole('button', { name: 'Sign in and add' }).click()

    // Main read the certificate the server presents; the form shows it before anything is trusted.
    const step = form.getByRole('group', { name: 'Certificate to trust' })
    await step.waitFor()
    expect(await step.getByLabel('SHA-256 fingerprint').textContent()).toBe(cert.fingerprint)
    expect(await step.textContent()).toContain('CN=videos.selfhosted.test')
    expect(await form.getByLabel('Password').inputValue()).toBe('root-selfhosted')
    await shootBoth(page, 'peertube-account-certificate')

    await form.getByRole('button', { name: 'Trust this certificate and add' }).click()
    await page.getByText(`Signed in to ${selfHosted.url} as root.`).waitFor()
    // Main asked in its own dialog, naming the fingerprint, before trusting it.
    const trustQuestion = h.confirms.slice(asked).find((q) => q.detail?.includes(cert.fingerprint))
    expect(trustQuestion?.message).toContain('trust its certificate')
    const row = page.getByRole('region', { name: 'Accounts' }).locator('li', { hasText: 'selfhosted' })
    await row.getByText(`Trusts only the certificate ${cert.fingerprint}`).waitFor()
    await shootBoth(page, 'peertube-account-pinned')
  })

  test('(e) the instance replaces its certificate: refused, naming both; signing in again shows and trusts the new one', async () => {
    const renewed = makeSelfSignedCertificate('videos.selfhosted.test')
    selfHosted!.setTlsCertificate({ key: renewed.key, cert: renewed.cert })

    await page.getByRole('button', { name: 'Test selfhosted' }).click()
    await page.locator('.notice', { hasText: `presents ${renewed.fingerprint}` }).waitFor()
    expect(await page.locator('.notice').last().textContent()).toContain(
      `trusts ${selfHostedCert!.fingerprint}`,
    )

    await page.getByRole('button', { name: 'Sign in again to selfhosted' }).click()
    const form = page.getByRole('form', { name: 'Sign in again to selfhosted' })
    await form.getByLabel('Password').fill('root-selfhosted')
    await form.getByRole('button', { name: 'Sign in again' }).click()
    const step = form.getByRole('group', { name: 'Certificate to trust' })
    await step.waitFor()
    expect(await step.getByLabel('SHA-256 fingerprint').textContent()).toBe(renewed.fingerprint)
    await shootBoth(page, 'peertube-account-certificate-changed')
    const asked = h.confirms.length
    await form.getByRole('button', { name: 'Trust this certificate and sign in' }).click()
    await page.getByText('Signed in again to “selfhosted”.').waitFor()
    expect(h.confirms.slice(asked).some((q) => q.detail?.includes(renewed.fingerprint))).toBe(true)
    await page.getByRole('button', { name: 'Test selfhosted' }).click()
    await page.getByText('“selfhosted” works.').waitFor()
  })

  test('no IPC response or event carried the password or a token', () => {
    const all = h.wire.join('\n')
    expect(all.includes(pt.user.password)).toBe(false)
    expect(all).not.toMatch(/accessToken|refreshToken|Bearer /)
  })
})
