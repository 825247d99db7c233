import type { Shell } from 'electron'
import type { ExternalLink } from '../../common/domain/links.ts'
import { assertNever } from '../../common/util/assert-never.ts'

/**
 * Opens a named destination in the system browser. Every URL is a literal here: nothing the renderer sends
 * can reach `shell.openExternal`, which is what electronegativity's OPEN_EXTERNAL check asks for. The
 * literals must equal EXTERNAL_LINK_URLS (common/domain/links.ts); a unit test holds them together.
 */
export function openExternalLink(shell: Pick<Shell, 'openExternal'>, link: ExternalLink): Promise<void> {
  switch (link) {
    case 'fastpix-website':
      return shell.openExternal('https://www.fastpix.com/')
    case 'fastpix-docs':
      return shell.openExternal('https://www.fastpix.com/docs')
    case 'fastpix-dashboard':
      return shell.openExternal('https://dashboard.fastpix.com/')
    default:
      return assertNever(link, 'external link')
  }
}
