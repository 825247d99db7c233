import type { DuplicateFile } from '../../common/domain/upload.ts'

/**
 * Where the existing copy of a file not queued is, in the words of the add notice (issue 13 §2): its
 * account, media id and title; or the job still sending it; or, for a moved file, that its upload goes on.
 */
export function duplicateText(d: DuplicateFile): string {
  const name = d.path.split(/[\\/]/).pop() ?? d.path
  const title = d.copy.title ? ` “${d.copy.title}”` : ''
  if (d.match === 'moved') return `${name}: moved here; its upload continues from where it stopped`
  if (d.copy.mediaId) return `${name}: already on ${d.copy.account} as media ${d.copy.mediaId}${title}`
  return `${name}: already queued for ${d.copy.account}${title}`
}
