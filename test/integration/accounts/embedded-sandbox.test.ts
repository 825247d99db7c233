import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isLiveSandbox, openEmbeddedSandbox } from '../../../main/accounts/embedded-sandbox.ts'

const savedPort = (dir: string): number =>
  (JSON.parse(readFileSync(join(dir, 'spool-embedded-port.json'), 'utf8')) as { port: number }).port

describe('the embedded sandbox keeps its port (stored session URIs carry host:port)', () => {
  test('restarts on the saved port', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spool-emb-')), 'sandbox')
    const first = await openEmbeddedSandbox(dir)
    expect(first.startedHere).toBe(true)
    expect(savedPort(dir)).toBe(first.port)
    await first.close()
    const second = await openEmbeddedSandbox(dir)
    expect(second).toMatchObject({ port: first.port, startedHere: true, apiUrl: first.apiUrl })
    await second.close()
  })

  test('a taken port is a detour for one run only: the next run is back on the same URL (issue 14 §7.4)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spool-emb-')), 'sandbox')
    const first = await openEmbeddedSandbox(dir)
    await first.close()
    const squatter = createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve))
    let detourPort: number | undefined
    try {
      const detour = await openEmbeddedSandbox(dir)
      detourPort = detour.port
      // The fallback is visible to the caller: where it runs now, and the address it belongs at.
      expect(detour).toMatchObject({ startedHere: true, homePort: first.port })
      expect(detour.port).not.toBe(first.port)
      // Another process meanwhile finds the detour, not a third server on the same data.
      const cli = await openEmbeddedSandbox(dir)
      expect(cli).toMatchObject({ port: detour.port, startedHere: false, homePort: first.port })
      await cli.close()
      await detour.close()
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()))
    }
    const back = await openEmbeddedSandbox(dir)
    expect(back).toMatchObject({ apiUrl: first.apiUrl, port: first.port, homePort: first.port })
    expect(back.port).not.toBe(detourPort)
    await back.close()
  })

  test('a live Spool sandbox on the same data is reused, not started twice', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spool-emb-')), 'sandbox')
    const app = await openEmbeddedSandbox(dir)
    const cli = await openEmbeddedSandbox(dir)
    expect(cli).toMatchObject({
      port: app.port,
      startedHere: false,
      apiUrl: app.apiUrl,
      username: app.username,
    })
    await cli.close()
    expect(await isLiveSandbox(dir, app.port)).toBe(true)
    await app.close()
    expect(await isLiveSandbox(dir, app.port)).toBe(false)
  })

  test('another sandbox data folder on the saved port is not "ours": a new port is chosen', async () => {
    const dirA = join(mkdtempSync(join(tmpdir(), 'spool-emb-')), 'sandbox')
    const dirB = join(mkdtempSync(join(tmpdir(), 'spool-emb-')), 'sandbox')
    const a = await openEmbeddedSandbox(dirA)
    await a.close()
    const b = await openEmbeddedSandbox(dirB)
    await b.close()
    // Something else (a plain server) now holds A's port.
    const squatter = createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((resolve) => squatter.listen(a.port, '127.0.0.1', resolve))
    try {
      const again = await openEmbeddedSandbox(dirA)
      expect(again.startedHere).toBe(true)
      expect(again.port).not.toBe(a.port)
      expect(savedPort(dirA)).toBe(again.port)
      await again.close()
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()))
    }
  })
})
