import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { resolveManifest, type DestinationFacts } from '../../../main/manifest/resolve.ts'
import { shootFolder } from './folder.ts'

const FACTS: Record<string, DestinationFacts> = {
  fp: { name: 'fp', kind: 'fastpix', channels: null, sidecarUrlBase: null, languages: null },
  pt: {
    name: 'pt',
    kind: 'peertube',
    channels: ['root_channel', 'films'],
    sidecarUrlBase: null,
    languages: ['en', 'pt', 'pt-PT'],
  },
}
const facts = (name: string): DestinationFacts | null => FACTS[name] ?? null

describe('manifest checks', () => {
  const root = mkdtempSync(join(tmpdir(), 'spool-resolve-'))
  shootFolder(join(root, 'Shoot'), 3)
  const meta = Array.from({ length: 10 }, (_, i) => `metadata.k${i}`).join(',')

  test('every bad row is reported with its line before anything is sent', () => {
    const csv = [
      `path,destination,title,privacy,channel,captions,publish_at,${meta}`,
      `Shoot/clip-1.mp4,fp;pt,One,unlisted,films,en=clip-1.en.vtt,,${'v,'.repeat(9)}`,
      `Shoot/missing.mp4,fp,Two,public,,,,${','.repeat(9)}`,
      `Shoot/clip-2.mp4,pt,Three,secret,,,,${','.repeat(9)}`,
      `Shoot/clip-3.mp4,fp,Four,public,,,,${'v,'.repeat(9)}v`,
      `Shoot/clip-3.mp4,pt,"Five\nwith a line break",public,nope,,,${','.repeat(9)}`,
      `Shoot/clip-2.mp4,mars,Six,,,,,${','.repeat(9)}`,
      `Shoot/clip-1.mp4,pt,Seven,,,EN_US=clip-1.en.vtt; en=gone.vtt,2001-01-01T00:00:00Z,${','.repeat(9)}`,
      `Shoot/clip-2.mp4,fp,Eight,,,,2099-01-01T00:00:00Z,${','.repeat(9)}`,
    ].join('\n')
    const { jobs, problems } = resolveManifest(parseManifest(csv).rows, root, ['fp'], facts)
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: the file "Shoot/missing.mp4" does not exist',
      '4: privacy "secret" is not one of public, unlisted, private, internal',
      '5: 10 metadata keys: FastPix takes 10 and Spool keeps one ("spool"), so at most 9',
      '6: the PeerTube account "pt" has no channel "nope" (it has: root_channel, films)',
      '8: no account named "mars" (see `spool account list`)',
      '9: captions: "EN_US" is not a language code such as en or pt-BR',
      '9: captions: the file "en=gone.vtt" does not exist',
      '9: publish_at 2001-01-01T00:00:00Z is not in the future',
      '9: the same file to "pt" is already on line 2',
      '10: publish_at: FastPix has no scheduled publishing ("fp"); leave it empty for this destination',
    ])
    const first = jobs.filter((j) => j.line === 2)
    expect(
      first.map((j) => [j.destination, j.settings.title, j.settings.privacy, j.settings.channel]),
    ).toEqual([
      ['fp', 'One', 'unlisted', undefined],
      ['pt', 'One', 'unlisted', 'films'],
    ])
    expect(first[0]!.notes[0]).toMatch(/FastPix takes tracks by URL only/)
    expect(first[1]!.captions).toEqual([{ language: 'en', path: join(root, 'Shoot', 'clip-1.en.vtt') }])
  })

  test('a row with no destination goes to the default ones; scheduled rows upload private', () => {
    const csv = 'path,title,publish_at,privacy\nShoot/clip-1.mp4,A,2099-01-01T10:00:00+02:00,unlisted\n'
    const { jobs, problems } = resolveManifest(parseManifest(csv).rows, root, ['pt'], facts)
    expect(problems).toEqual([])
    expect(jobs.map((j) => [j.destination, j.publishAt, j.settings.privacy])).toEqual([
      ['pt', '2099-01-01T08:00:00.000Z', 'private'],
    ])
  })
})
