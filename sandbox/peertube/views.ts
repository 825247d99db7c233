import type { PtApp } from './app.ts'
import type { UserRecord, VideoRecord } from './store.ts'
import capturedVocabulary from './vocabulary.json' with { type: 'json' }

// Response shapes, field for field as PeerTube 6.3.2 answered in the captures.

type Vocabulary = {
  languages: Record<string, string>
  categories: Record<string, string>
  licences: Record<string, string>
  privacies: Record<string, string>
}

/**
 * Languages, categories, licences and privacies as captured (GET /videos/languages etc.). Imported, not
 * read beside this file, so a bundled build (the CLI's, the app's main) carries it.
 */
export const VOCABULARY: Vocabulary = capturedVocabulary

const iso = (ms: number) => new Date(ms).toISOString()
const ROLES = ['Administrator', 'Moderator', 'User']

/** Account summary with full counters (the `account` of a video, `ownerAccount` of a channel). */
export function accountView(app: PtApp, user: UserRecord) {
  return {
    url: `${app.origin}/accounts/${user.username}`,
    name: user.username,
    host: app.host,
    avatars: [],
    id: user.accountId,
    hostRedundancyAllowed: false,
    followingCount: 0,
    followersCount: 0,
    createdAt: iso(user.createdAtMs),
    displayName: user.username,
    description: null,
    updatedAt: iso(user.createdAtMs),
    userId: user.id,
  }
}

/** The user's default channel, without (`/users/me`) or with `ownerAccount`. */
export function channelView(app: PtApp, user: UserRecord, withOwner = true) {
  const name = `${user.username}_channel`
  const channel = {
    url: `${app.origin}/video-channels/${name}`,
    name,
    host: app.host,
    avatars: [],
    id: user.channelId,
    hostRedundancyAllowed: false,
    followingCount: 0,
    followersCount: 0,
    createdAt: iso(user.createdAtMs),
    banners: [],
    displayName: `Main ${user.username} channel`,
    description: null,
    support: null,
    isLocal: true,
    updatedAt: iso(user.createdAtMs),
  }
  return withOwner ? { ...channel, ownerAccount: accountView(app, user) } : channel
}

/** GET /users/me. */
export function meView(app: PtApp, user: UserRecord) {
  const settings = [1, 1, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 1, 1, 1]
  const names = [
    'newCommentOnMyVideo',
    'newVideoFromSubscription',
    'abuseAsModerator',
    'videoAutoBlacklistAsModerator',
    'blacklistOnMyVideo',
    'myVideoPublished',
    'myVideoImportFinished',
    'newUserRegistration',
    'commentMention',
    'newFollow',
    'newInstanceFollower',
    'autoInstanceFollowing',
    'abuseNewMessage',
    'abuseStateChange',
    'newPeerTubeVersion',
    'myVideoStudioEditionFinished',
    'myVideoTranscriptionGenerated',
    'newPluginVersion',
  ]
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    theme: 'instance-default',
    pendingEmail: null,
    emailPublic: false,
    emailVerified: null,
    nsfwPolicy: 'display',
    p2pEnabled: true,
    videosHistoryEnabled: true,
    autoPlayVideo: true,
    autoPlayNextVideo: false,
    autoPlayNextVideoPlaylist: true,
    videoLanguages: null,
    role: { id: user.role, label: ROLES[user.role] },
    videoQuota: user.videoQuota,
    videoQuotaDaily: user.videoQuotaDaily,
    noInstanceConfigWarningModal: false,
    noWelcomeModal: false,
    noAccountSetupWarningModal: false,
    blocked: false,
    blockedReason: null,
    account: accountView(app, user),
    notificationSettings: Object.fromEntries(names.map((n, i) => [n, settings[i]])),
    videoChannels: [channelView(app, user, false)],
    createdAt: iso(user.createdAtMs),
    pluginAuth: null,
    lastLoginDate: user.lastLoginMs === null ? null : iso(user.lastLoginMs),
    twoFactorEnabled: user.otpSecret !== null,
    adminFlags: 0,
    specialPlaylists: [{ id: user.id, name: 'Watch later', type: 2 }],
  }
}

const label = (table: Record<string, string>, id: number | string | null) => ({
  id,
  label: id === null ? 'Unknown' : (table[String(id)] ?? 'Unknown'),
})

/** 1 Published, 2 To transcode (while the transcoding delay runs). */
export function videoState(video: VideoRecord, now = Date.now()) {
  return now < video.transcodedAtMs ? { id: 2, label: 'To transcode' } : { id: 1, label: 'Published' }
}

const isPrivateFile = (video: VideoRecord) => video.meta.privacy === 3 || video.meta.privacy === 4

/** The web-video file entry (torrent fields null until the torrent "job" has run). */
function fileView(app: PtApp, video: VideoRecord, now: number) {
  const f = video.file
  const resolution = f.hasVideo ? Math.min(f.width, f.height) : 0
  const name = `${f.uuid}-${resolution}${f.ext}`
  const torrent = `${video.file.uuid}-${resolution}.torrent`
  const ready = now >= video.torrentAtMs && now >= video.transcodedAtMs
  const fileUrl = `${app.origin}/static/web-videos/${isPrivateFile(video) ? 'private/' : ''}${name}`
  return {
    id: f.id,
    resolution: { id: resolution, label: resolution === 0 ? 'Audio only' : `${resolution}p` },
    width: f.width,
    height: f.height,
    ...(ready
      ? {
          magnetUri: `magnet:?xs=${encodeURIComponent(`${app.origin}/lazy-static/torrents/${torrent}`)}&dn=${encodeURIComponent(video.meta.name)}`,
        }
      : {}),
    size: f.size,
    fps: f.fps,
    torrentUrl: ready ? `${app.origin}/lazy-static/torrents/${torrent}` : null,
    torrentDownloadUrl: ready ? `${app.origin}/download/torrents/${torrent}` : null,
    fileUrl,
    fileDownloadUrl: `${app.origin}/download/web-videos/${video.uuid}-${resolution}${f.ext}`,
    metadataUrl: `${app.origin}/api/v1/videos/${video.uuid}/metadata/${f.id}`,
    hasAudio: f.hasAudio,
    hasVideo: f.hasVideo,
    storage: 0,
  }
}

/** Fields common to the list item and the full video. */
function baseVideo(app: PtApp, video: VideoRecord) {
  const m = video.meta
  const description = m.description
  return {
    id: video.id,
    uuid: video.uuid,
    shortUUID: shortUuid(video.uuid),
    url: `${app.origin}/videos/watch/${video.uuid}`,
    name: m.name,
    category: label(VOCABULARY.categories, m.category),
    licence: label(VOCABULARY.licences, m.licence),
    language: label(VOCABULARY.languages, m.language),
    privacy: label(VOCABULARY.privacies, m.privacy),
    nsfw: m.nsfw,
    truncatedDescription: description === null ? null : description.slice(0, 250),
    description,
    isLocal: true,
    duration: video.file.duration,
    aspectRatio: video.file.height
      ? Math.round((video.file.width / video.file.height) * 10000) / 10000
      : null,
    views: 0,
    viewers: 0,
    likes: 0,
    dislikes: 0,
    thumbnailPath: `/lazy-static/thumbnails/${video.thumbnailUuid}.jpg`,
    previewPath: `/lazy-static/previews/${video.previewUuid}.jpg`,
    embedPath: `/videos/embed/${video.uuid}`,
    createdAt: iso(video.createdAtMs),
    updatedAt: iso(video.updatedAtMs),
    publishedAt: iso(video.publishedAtMs),
    originallyPublishedAt: m.originallyPublishedAt,
    isLive: false,
  }
}

/** An item of GET /users/me/videos: short account/channel, state, no tags. */
export function videoListItem(app: PtApp, video: VideoRecord, owner: UserRecord) {
  const channel = channelView(app, owner, false)
  return {
    ...baseVideo(app, video),
    account: {
      id: owner.accountId,
      displayName: owner.username,
      name: owner.username,
      url: `${app.origin}/accounts/${owner.username}`,
      host: app.host,
      avatars: [],
    },
    channel: {
      id: channel.id,
      name: channel.name,
      displayName: channel.displayName,
      url: channel.url,
      host: app.host,
      avatars: [],
    },
    state: videoState(video),
    waitTranscoding: video.meta.waitTranscoding,
    blacklisted: false,
    blacklistedReason: null,
  }
}

/** GET /videos/{id}. */
export function videoDetails(app: PtApp, video: VideoRecord, owner: UserRecord) {
  const now = Date.now()
  const ws = app.origin.replace(/^http/, 'ws')
  return {
    ...baseVideo(app, video),
    account: accountView(app, owner),
    channel: channelView(app, owner),
    blacklisted: false,
    blacklistedReason: null,
    streamingPlaylists: [],
    files: [fileView(app, video, now)],
    support: video.meta.support,
    descriptionPath: `/api/v1/videos/${video.uuid}/description`,
    tags: [...video.meta.tags].sort(),
    commentsEnabled: video.meta.commentsEnabled,
    commentsPolicy: video.meta.commentsEnabled ? { id: 1, label: 'Enabled' } : { id: 2, label: 'Disabled' },
    downloadEnabled: video.meta.downloadEnabled,
    waitTranscoding: video.meta.waitTranscoding,
    inputFileUpdatedAt: null,
    state: videoState(video, now),
    trackerUrls: [`${app.origin}/tracker/announce`, `${ws}/tracker/socket`],
  }
}

const BASE58 = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'

/** PeerTube's short UUID: the UUID as a flickr-base58 number, left-padded to 22 characters. */
export function shortUuid(uuid: string): string {
  let n = BigInt(`0x${uuid.replace(/-/g, '')}`)
  let out = ''
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out
    n /= 58n
  }
  return out.padStart(22, BASE58[0])
}
