import { createRequire } from 'node:module'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import type * as Fuses from '@electron/fuses'

const root = resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)

describe('electron-builder.yml', () => {
  test('passes electron-builder’s own schema validation (offline)', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(dir: string, file: string | null, extra: null): Promise<unknown>
      validateConfiguration(config: unknown, log: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown }
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  test('targets macOS dmg+zip, Windows nsis, Linux AppImage+deb, with the icon and the fuse hook', () => {
    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      { target?: string[] } & Record<string, unknown>
    >
    expect(config.mac?.target).toEqual(['dmg', 'zip'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.afterPack).toBe('assets/after-pack.cjs')
    const png = readFileSync(join(root, 'assets/icon.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
  })
})

describe('Electron fuses (SEC-07)', () => {
  const fuses = require('@electron/fuses') as typeof Fuses
  const { fuseConfig } = require(join(root, 'assets/fuses.cjs')) as {
    fuseConfig: Record<string | number, unknown>
  }
  const O = fuses.FuseV1Options

  test('the config has the required values', () => {
    expect(fuseConfig.strictlyRequireAllFuses).toBe(true)
    expect(fuseConfig[O.RunAsNode]).toBe(false)
    expect(fuseConfig[O.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(fuseConfig[O.EnableNodeCliInspectArguments]).toBe(false)
    expect(fuseConfig[O.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(fuseConfig[O.OnlyLoadAppFromAsar]).toBe(true)
    expect(fuseConfig[O.EnableCookieEncryption]).toBe(true)
    expect(fuseConfig[O.GrantFileProtocolExtraPrivileges]).toBe(false)
  })

  test('flipping a synthetic Electron binary gives exactly those states', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-fuses-'))
    const file = join(dir, 'electron')
    const wireLength = Object.keys(O).filter((k) => Number.isNaN(Number(k))).length
    const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'ascii')
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.alloc(64),
        sentinel,
        Buffer.from([1, wireLength]),
        Buffer.from('1'.repeat(wireLength)),
        Buffer.alloc(64),
      ]),
    )
    await fuses.flipFuses(file, fuseConfig as never)
    const wire = await fuses.getCurrentFuseWire(file)
    const state = (o: number) => wire[o as keyof typeof wire]
    expect(state(O.RunAsNode)).toBe(fuses.FuseState.DISABLE)
    expect(state(O.EnableNodeOptionsEnvironmentVariable)).toBe(fuses.FuseState.DISABLE)
    expect(state(O.EnableNodeCliInspectArguments)).toBe(fuses.FuseState.DISABLE)
    expect(state(O.EnableEmbeddedAsarIntegrityValidation)).toBe(fuses.FuseState.ENABLE)
    expect(state(O.OnlyLoadAppFromAsar)).toBe(fuses.FuseState.ENABLE)
    expect(state(O.EnableCookieEncryption)).toBe(fuses.FuseState.ENABLE)
  })
})
