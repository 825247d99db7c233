import { extname } from 'node:path'
import { asMediaId, asUploadId, type MediaId } from '../../../common/domain/ids.ts'
import type { UploadSettings, VideoPrivacy } from '../../../common/domain/upload.ts'
import { fail } from '../../../common/ipc/result.ts'
import { createAgents } from '../../http/agents.ts'
import type { ExchangeOptions } from '../../http/exchange.ts'
import type { ProxyEnv } from '../../http/proxy-env.ts'
import { pinnedTlsOptions, type PinnedCertificate } from '../../http/tls-pin.ts'
import { certificateCheck } from './certificate-trust.ts'
import type { CreateUploadRequest, LibraryPort, Provider, UploadPort, UploadTarget } from '../provider.ts'
import { createPeerTubeApiClient, type PeerTubeApiClient } from './api-client.ts'
import { hasReason } from './errors.ts'
import { PEERTUBE_CAPABILITIES } from './capabilities.ts'
import { createPeerTubeLibrary, findCopiesOnPeerTube, type PeerTubeLibrary } from './library.ts'
import { createOAuthSession, type OAuthSession, type TokenStore } from './oauth.ts'
import { peerTubeChunkLimit } from './chunk-limit.ts'
import { preflightVerdict } from './preflight.ts'
import { initUpload, openUploadSession, type PeerTubePrivacy, type ResumableDeps } from './resumable.ts'
import { uploadUrl } from './routes.ts'
import { toMediaStatusFromState } from './to-domain.ts'

export type PeerTubeProviderConfig = Readonly<{
  instanceUrl: string
  username: string
  tokens: TokenStore
  userAgent?: string
  /** The one certificate this account trusts (confirmed by the user), or none: the system's authorities. */
  pinnedCertificate?: PinnedCertificate | null
  /** Where the proxy settings come from (process.env by default). */
  env?: ProxyEnv
}>

/** The PeerTube provider, with the OAuth session and the PeerTube-shaped library for what the seam lacks. */
export type PeerTubeProvider = Provider &
  Readonly<{ session: OAuthSession; client: PeerTubeApiClient; peertube: PeerTubeLibrary }>

const PRIVACY: Readonly<Record<VideoPrivacy, PeerTubePrivacy>> = {
  public: 1,
  unlisted: 2,
  private: 3,
  internal: 4,
}

const MIME: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.ogv': 'video/ogg',
  '.avi': 'video/x-msvideo',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
}

/** PeerTube's name for a file: the title the user chose, else the file name without its extension. */
function titleFor(settings: UploadSettings, fileName: string): string {
  const title = settings.title?.trim() || fileName.replace(/\.[^.]+$/, '')
  // PeerTube names are 3–120 characters.
  return (title.length >= 3 ? title : `${title}___`.slice(0, 3)).slice(0, 120)
}

const signalOf = (r: { signal?: AbortSignal }): { signal?: AbortSignal } =>
  r.signal ? { signal: r.signal } : {}

const notOnPeerTube = (what: string): never =>
  fail('api/not-supported', `PeerTube has no ${what}; this works on FastPix accounts only.`)

/** Builds the provider of one PeerTube account (one OAuth session, one HTTP client). */
export function createPeerTubeProvider(config: PeerTubeProviderConfig): PeerTubeProvider {
  const pin = config.pinnedCertificate ?? null
  // One agent pair for the account: API calls and chunks go the same way (proxy, pinned certificate).
  const agents = createAgents({
    ...(config.env ? { env: config.env } : {}),
    ...(pin ? { tls: pinnedTlsOptions(pin) } : {}),
  })
  const checkCertificate = certificateCheck(config.instanceUrl, pin, config.env)
  const session = createOAuthSession({
    instanceUrl: config.instanceUrl,
    username: config.username,
    store: config.tokens,
    agents,
    checkCertificate,
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
  })
  const client = createPeerTubeApiClient({
    session,
    agents,
    checkCertificate,
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
  })
  const peertube = createPeerTubeLibrary(client)
  const transport: ExchangeOptions = { idleTimeoutMs: 60_000, agents }
  const deps: ResumableDeps = { client, transport }
  let chunkLimit: Promise<number> | null = null
  /**
   * The channels the last pre-flight read (its `users/me`), kept a minute: a batch's first create then
   * needs no second look-up before its first byte. A channel not among them is looked up afresh.
   */
  let channelsSeen: Readonly<{ at: number; list: ReadonlyArray<{ id: number; name: string }> }> | null = null

  /** The channel by handle name, or the user's first channel. */
  const channelId = async (wanted: string | undefined, signal?: AbortSignal): Promise<number> => {
    const pick = (list: ReadonlyArray<{ id: number; name: string }>) =>
      wanted ? list.find((c) => c.name === wanted) : list[0]
    const recent = channelsSeen && Date.now() - channelsSeen.at < 60_000 ? pick(channelsSeen.list) : undefined
    if (recent) return recent.id
    const channels = await peertube.channels(signal)
    const found = pick(channels)
    if (!found)
      fail(
        'input/invalid',
        wanted
          ? `This PeerTube account has no channel "${wanted}" (it has: ${channels.map((c) => c.name).join(', ') || 'none'}).`
          : 'This PeerTube account has no channel to publish to.',
      )
    return found.id
  }

  const uploads: UploadPort = {
    async createUpload(request: CreateUploadRequest): Promise<UploadTarget> {
      const { settings, file } = request
      if (!file) fail('internal/unexpected', 'A PeerTube upload needs the file it is made for.')
      const video = {
        name: titleFor(settings, file.name),
        channelId: await channelId(settings.channel, request.signal),
        privacy: PRIVACY[settings.privacy ?? (settings.accessPolicy === 'public' ? 'public' : 'private')],
        waitTranscoding: settings.waitTranscoding ?? true,
        ...(settings.description ? { description: settings.description } : {}),
        ...(settings.tags && settings.tags.length > 0 ? { tags: settings.tags } : {}),
      }
      const started = await initUpload(deps, {
        video,
        filename: file.name,
        size: file.size,
        mimeType: MIME[extname(file.name).toLowerCase()] ?? 'application/octet-stream',
        fileModifiedMs: file.mtimeMs,
        clientJobId: request.clientJobId,
        ...(request.signal ? { signal: request.signal } : {}),
      })
      return { uploadId: asUploadId(started.uploadId), sessionUri: started.uploadUrl, timeoutSeconds: null }
    },
    maxChunkBytes(signal) {
      // Read once per account; without the instance's config the 64 MiB cap still holds (not kept).
      chunkLimit ??= peertube.config(signal).then(peerTubeChunkLimit, () => {
        chunkLimit = null
        return peerTubeChunkLimit(null)
      })
      return chunkLimit
    },
    async preflight(files, _settings, signal) {
      const [config, me, used] = await Promise.all([
        peertube.config(signal),
        peertube.me(signal),
        peertube.quotaUsed(signal),
      ])
      // What the uploads need next is in these answers: no second request on the way to the first byte.
      chunkLimit ??= Promise.resolve(peerTubeChunkLimit(config))
      channelsSeen = { at: Date.now(), list: me.videoChannels }
      return preflightVerdict(files, { config, me, used })
    },
    async findCompleted(request) {
      const { file, settings } = request
      if (!file) return null
      const name = titleFor(settings, file.name)
      const page = await peertube.listMyVideos({ start: 0, count: 50, search: name, ...signalOf(request) })
      for (const video of page.raw.filter((v) => v.name === name)) {
        try {
          const source = await peertube.videoSource(video.uuid, request.signal)
          if ((source.inputFilename ?? source.filename) === file.name && source.size === file.size)
            return asMediaId(video.uuid)
        } catch (caught) {
          if (!hasReason(caught, 'not-found')) throw caught
        }
      }
      return null
    },
    openSession: (sessionUri) => openUploadSession(deps, sessionUri),
    async cancelUpload(uploadId, signal) {
      await openUploadSession(deps, uploadUrl(config.instanceUrl, uploadId).toString()).cancel(signal)
    },
    deleteMedia: (mediaId, signal) => peertube.deleteVideo(mediaId, signal),
    async mediaStatus(mediaId, signal) {
      const video = await peertube.getRawVideo(mediaId, signal)
      return { status: toMediaStatusFromState(video.state), rawStatus: video.state?.label ?? 'unknown' }
    },
  }

  const library: LibraryPort = {
    async listMedia(page, limit, signal) {
      const result = await peertube.listMyVideos({
        start: (page - 1) * limit,
        count: limit,
        ...(signal ? { signal } : {}),
      })
      return { items: result.items, totalRecords: result.total, pageCount: Math.ceil(result.total / limit) }
    },
    getMedia: (id) => peertube.getVideo(id),
    async updateMedia(id, patch) {
      if (patch.metadata !== undefined || patch.creatorId !== undefined)
        notOnPeerTube('free-form metadata or creator id')
      if (patch.title !== undefined) await peertube.updateVideo(id, { name: patch.title })
      return peertube.getVideo(id)
    },
    deleteMedia: (id) => peertube.deleteVideo(id),
    createFromUrl: () => notOnPeerTube('import from a URL in Spool yet'),
    async addTrack(mediaId: MediaId, track) {
      if (track.type !== 'subtitle' || !('filePath' in track))
        fail(
          'api/not-supported',
          'PeerTube takes captions as a .vtt or .srt file from this computer (--file).',
        )
      await peertube.addCaption(mediaId, track.languageCode, track.filePath)
      const added = (await peertube.listCaptions(mediaId)).find((t) => t.languageCode === track.languageCode)
      if (!added) fail('api/malformed-response', 'PeerTube accepted the caption but does not list it.')
      return added
    },
    updateTrack: () => notOnPeerTube('track editing (add the caption again to replace it)'),
    deleteTrack: (mediaId, trackId) => peertube.deleteCaption(mediaId, trackId),
    generateSubtitles: () => notOnPeerTube('generated subtitles'),
    getSummary: () => notOnPeerTube('AI summaries'),
    generateSummary: () => notOnPeerTube('AI summaries'),
    setSourceAccess: () => notOnPeerTube('source access switch'),
    setMp4Support: () => notOnPeerTube('MP4 support switch'),
    async setPrivacy(id, privacy) {
      await peertube.updateVideo(id, { privacy: PRIVACY[privacy] })
      return peertube.getVideo(id)
    },
    getInputInfo: () => notOnPeerTube('input info'),
    listUnusedUploads: () => notOnPeerTube('list of unused uploads'),
    cancelUpload: (uploadId) => uploads.cancelUpload(uploadId),
    findCopies: (files, cached, signal) => findCopiesOnPeerTube(peertube, files, cached, signal),
    listMediaClips: () => notOnPeerTube('clips'),
    listLiveClips: () => notOnPeerTube('live clips'),
  }

  return {
    kind: 'peertube',
    capabilities: PEERTUBE_CAPABILITIES,
    uploads,
    library,
    session,
    client,
    peertube,
  }
}
