import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { errorFromResponse } from '../../../main/http/errors.ts'
import {
  ClipListResponseSchema,
  InputInfoResponseSchema,
  MediaListResponseSchema,
  MediaResponseSchema,
  SuccessSchema,
  SummaryPatchResponseSchema,
  TrackResponseSchema,
} from '../../../main/providers/fastpix/schemas.ts'
import {
  CancelUploadResponseSchema,
  DirectUploadResponseSchema,
  UploadListResponseSchema,
} from '../../../main/providers/fastpix/schemas-upload.ts'
import { toInputInfo, toMedia, toRemoteUpload, toTrack } from '../../../main/providers/fastpix/to-domain.ts'

const DIR = join(import.meta.dirname, '../../fixtures/api-captures')

/** Which schema parses which capture (by file name, subfolders included). */
const SCHEMAS: Record<string, z.ZodType> = {
  'Add-media-track': TrackResponseSchema,
  'Generate-subtitle-track': TrackResponseSchema,
  'update-media-track': TrackResponseSchema,
  'cancel-upload': CancelUploadResponseSchema,
  'create-media': MediaResponseSchema,
  'delete-media-track': SuccessSchema,
  'delete-media': SuccessSchema,
  'direct-upload-video-media': DirectUploadResponseSchema,
  'get-media-clips': ClipListResponseSchema,
  'list-live-clips': ClipListResponseSchema,
  'get-media': MediaResponseSchema,
  'updated-media': MediaResponseSchema,
  'updated-mp4Support': MediaResponseSchema,
  'updated-source-access': MediaResponseSchema,
  'list-media': MediaListResponseSchema,
  'list-uploads': UploadListResponseSchema,
  retrieveMediaInputInfo: InputInfoResponseSchema,
  'update-media-summary': SummaryPatchResponseSchema,
}
/** Error-body captures: they must map to a typed AppError with the server's wording. */
const ERRORS: Record<string, { status: number; code: string }> = {
  'get-media-summary': { status: 400, code: 'api/bad-request' },
  getDrmConfigurationById: { status: 422, code: 'api/validation' },
  'complete-live-stream': { status: 400, code: 'api/bad-request' },
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return name.endsWith('.json') ? [path] : []
  })
}

const all = files(DIR)

describe('every captured FastPix response', () => {
  test('the fixture folder holds all 27 captures (subfolders included)', () => {
    expect(all.length).toBe(27)
  })

  for (const path of all) {
    const name = relative(DIR, path)
    const op = (path.split('/').pop() ?? '').replace(/\.(raw|api)\.json$/, '')
    test(`${name} parses`, () => {
      const body = JSON.parse(readFileSync(path, 'utf8')) as unknown
      const error = ERRORS[op]
      if (error) {
        const appError = errorFromResponse(error.status, body, 'The call')
        expect(appError.code).toBe(error.code)
        expect(appError.detail ?? appError.message).toMatch(/\w{4,}/)
        return
      }
      const schema = SCHEMAS[op]
      expect(schema, `no schema mapped for ${op}`).toBeDefined()
      const parsed = schema!.safeParse(body)
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
      const data = (parsed.data as { data?: unknown }).data
      // The domain mappers accept the parsed shape too (no throw, no secret URL survives).
      if (SCHEMAS[op] === MediaResponseSchema) expect(toMedia(data as never).id).toBeTruthy()
      if (SCHEMAS[op] === MediaListResponseSchema)
        expect((data as never[]).map((m) => toMedia(m)).length).toBe(1)
      if (SCHEMAS[op] === TrackResponseSchema) expect(toTrack(data as never).type).not.toBe('unknown')
      if (SCHEMAS[op] === InputInfoResponseSchema)
        expect(JSON.stringify(toInputInfo(data as never))).not.toMatch(/X-Goog-Signature|upload_id=/i)
      if (SCHEMAS[op] === UploadListResponseSchema)
        expect(JSON.stringify((data as never[]).map((u) => toRemoteUpload(u)))).not.toMatch(
          /X-Goog|upload_id=/i,
        )
    })
  }
})
