import { expect, test } from 'vitest'
import { asAccountName, asJobId, asMediaId } from '../../common/domain/ids.ts'
import type { DuplicateFile } from '../../common/domain/upload.ts'
import { duplicateText } from '../../renderer/lib/duplicate-text.ts'

// Issue 13 §2: the add notice says where the existing copy of a file that was not queued is.

const dup = (patch: Partial<DuplicateFile>): DuplicateFile => ({
  path: '/card/DCIM/A001.MP4',
  match: 'same-content',
  existingJobId: null,
  state: null,
  copy: { account: asAccountName('work'), mediaId: null, title: 'A001' },
  ...patch,
})

test('names the account, media id and title, the job still sending it, or a moved file going on', () => {
  const copy = { account: asAccountName('work'), mediaId: asMediaId('8c3f0d2e-1'), title: 'Harbour' }
  expect(duplicateText(dup({ match: 'library', copy }))).toBe(
    'A001.MP4: already on work as media 8c3f0d2e-1 “Harbour”',
  )
  expect(duplicateText(dup({ existingJobId: asJobId('j1'), state: 'uploading' }))).toBe(
    'A001.MP4: already queued for work “A001”',
  )
  expect(duplicateText(dup({ match: 'moved', existingJobId: asJobId('j1'), state: 'queued' }))).toBe(
    'A001.MP4: moved here; its upload continues from where it stopped',
  )
})
