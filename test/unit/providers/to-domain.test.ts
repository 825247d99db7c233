import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { MediaResponseSchema, MediaSchema } from '../../../main/providers/fastpix/schemas.ts'
import { UploadListResponseSchema } from '../../../main/providers/fastpix/schemas-upload.ts'
import {
  durationSeconds,
  mediaStatus,
  mp4Support,
  toInputInfo,
  toMedia,
  toRemoteUpload,
  trackStatus,
} from '../../../main/providers/fastpix/to-domain.ts'
import { InputInfoResponseSchema } from '../../../main/providers/fastpix/schemas.ts'

const capture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/api-captures', name), 'utf8'))

describe('FastPix → domain', () => {
  test('HH:MM:SS durations become seconds', () => {
    expect(durationSeconds('00:03:03')).toBe(183)
    expect(durationSeconds('01:00:10.5')).toBe(3610.5)
    expect(durationSeconds(12)).toBe(12)
    expect(durationSeconds('garbage')).toBeNull()
    expect(durationSeconds(undefined)).toBeNull()
  })

  test('track status words are normalised across endpoints', () => {
    expect(trackStatus('available')).toBe('ready')
    expect(trackStatus('Ready')).toBe('ready')
    expect(trackStatus('preparing')).toBe('preparing')
    expect(trackStatus('Exploded')).toBe('unknown')
  })

  test('unknown media statuses are visible as unknown, never a crash', () => {
    expect(mediaStatus('Errored')).toBe('unknown')
    expect(mediaStatus('in queue')).toBe('In Queue')
    const media = toMedia(MediaSchema.parse({ id: 'x', status: 'Teleporting', extraField: { a: 1 } }))
    expect(media.status).toBe('unknown')
    expect(media.rawStatus).toBe('Teleporting')
    expect(media.title).toBeNull()
    expect(media.metadata).toEqual({})
  })

  test('mp4Support as a string or as an array of renditions', () => {
    expect(mp4Support(undefined).option).toBe('none')
    expect(mp4Support('capped_4k').option).toBe('capped_4k')
    expect(mp4Support('capped_4k,audioOnly').option).toBe('audioOnly,capped_4k')
    expect(mp4Support('weird').option).toBe('unknown')
    const arr = mp4Support([
      { type: 'capped_4k', status: 'ready', width: 1920, height: 1080, ext: 'mp4' },
      { type: 'audioOnly', status: 'preparing', ext: 'm4a' },
    ])
    expect(arr.option).toBe('audioOnly,capped_4k')
    expect(arr.renditions).toHaveLength(2)
  })

  test('a real GET media maps fully (absent title stays null, sourceResolution without p)', () => {
    const media = toMedia(MediaResponseSchema.parse(capture('index-e32654c/get-media.api.json')).data)
    expect(media.durationSeconds).toBe(10)
    expect(media.title).toBeNull()
    expect(media.tracks.filter((t) => t.type === 'subtitle')).toHaveLength(6)
    expect(media.tracks.every((t) => t.status === 'ready')).toBe(true)
    expect(media.generatedSubtitles[0]?.trackId).toBe('2f04f660-38a9-4c66-ae5c-7028e049f927')
    expect(media.sourceResolution).toBe('1080')
  })

  test('PATCH responses carry mp4Support as a string', () => {
    const media = toMedia(MediaResponseSchema.parse(capture('updated-mp4Support.raw.json')).data)
    expect(media.mp4Support.option).toBe('capped_4k')
    expect(media.creatorId).toBe('8fa85f64-5717-4562-b3fc-2c963f66afa6')
  })

  test('input-info of a direct upload: signed URL stripped, garbage container format dropped', () => {
    const info = toInputInfo(InputInfoResponseSchema.parse(capture('retrieveMediaInputInfo.api.json')).data)
    expect(info.containerFormat).toBeNull()
    expect(info.url).toBe(
      'https://storage.googleapis.com/fastpix-uploads-asia/fd9197bb-8cfa-4569-b046-a30fb95e2381/66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36',
    )
    const pulled = toInputInfo(
      InputInfoResponseSchema.parse(capture('index-e32654c/retrieveMediaInputInfo.api.json')).data,
    )
    expect(pulled.containerFormat).toBe('mp4')
    expect(pulled.url).toBe('https://static.fastpix.com/fp-sample-video.mp4')
  })

  test('listed uploads lose their session URI but keep the signing time as createdAt', () => {
    const [upload] = UploadListResponseSchema.parse(capture('list-uploads.api.json')).data.map(toRemoteUpload)
    expect(upload?.createdAt).toBe('2026-05-20T10:09:57Z')
    expect(upload?.timeoutSeconds).toBe(14400)
    expect(upload?.accessPolicy).toBe('public')
    expect(JSON.stringify(upload)).not.toContain('upload_id')
  })
})
