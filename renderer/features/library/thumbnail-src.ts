import type { AccountSummary } from '../../../common/domain/account.ts'
import type { Media } from '../../../common/domain/media.ts'
import { useSpool } from '../../store/index.ts'
import { selectCurrentAccount } from '../../store/selectors.ts'

/**
 * Where the page loads a media's thumbnail. FastPix's image hosts and the local sandbox are allowed by the
 * window's image policy (main/window/security.ts); a self-hosted PeerTube can be anywhere, so its
 * thumbnails come through main by account and media id (main/library/remote-thumbnails.ts), which fetches
 * them from that account's instance only. The page never hands main a URL.
 */
export function thumbnailSrc(media: Media, account: AccountSummary | null): string | null {
  if (!media.thumbnailUrl) return null
  if (account?.kind !== 'peertube') return media.thumbnailUrl
  return `/remote-thumb/${encodeURIComponent(account.name)}/${encodeURIComponent(media.id)}`
}

/** The thumbnail source of `media` for the account in use. */
export function useThumbnailSrc(media: Media): string | null {
  const account = useSpool(selectCurrentAccount)
  return thumbnailSrc(media, account)
}
