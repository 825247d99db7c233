import { randomBytes } from 'node:crypto'
import { isAdmin, type Ctx, type PtApp, type PtRoute } from './app.ts'
import { invalidParams, PtError, readFields } from './http.ts'
import { checkPassword, hashPassword, type UserRecord } from './store.ts'
import { newTotpSecret, verifyTotp } from './totp.ts'
import { accountView, channelView, meView, VOCABULARY } from './views.ts'
import capturedConfig from './config.json' with { type: 'json' }

/** The captured GET /config, as text: each answer parses its own copy to adjust (imported so bundles carry it). */
const CAPTURED_CONFIG = JSON.stringify(capturedConfig)

/** Extensions PeerTube accepts with transcoding off, and (additional extensions allowed) on. */
export const PLAIN_EXTENSIONS: Record<string, string> = {
  'video/webm': '.webm',
  'video/ogg': '.ogv',
  'video/mp4': '.mp4',
}
export const TRANSCODED_EXTENSIONS: Record<string, string> = {
  ...PLAIN_EXTENSIONS,
  'video/x-matroska': '.mkv',
  'video/quicktime': '.mov',
  'video/mov': '.mov',
  'video/x-m4v': '.m4v',
  'video/x-flv': '.flv',
  'video/x-ms-wmv': '.wmv',
  'video/x-msvideo': '.avi',
  'video/avi': '.avi',
  'video/3gpp': '.3gp',
  'video/mp2t': '.mts',
  'video/mpeg': '.mpg',
  'application/mxf': '.mxf',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.ogg',
  'audio/wav': '.wav',
  'audio/flac': '.flac',
  'audio/aac': '.aac',
  'audio/mp4': '.m4a',
  'audio/x-m4a': '.m4a',
}

/** MIME type → extension accepted by this instance. */
export function acceptedTypes(app: PtApp): Record<string, string> {
  return app.settings.transcoding ? TRANSCODED_EXTENSIONS : PLAIN_EXTENSIONS
}

function configView(app: PtApp): unknown {
  const config = JSON.parse(CAPTURED_CONFIG) as Record<string, Record<string, unknown>>
  const client = config.client as { videos: { resumableUpload: { maxChunkSize: number } } }
  client.videos.resumableUpload.maxChunkSize = app.settings.maxChunkSize
  const order = ['.webm', '.ogv', '.mp4']
  const extensions = [...new Set(Object.values(acceptedTypes(app)))].sort(
    (a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99),
  )
  ;(config.video as { file: { extensions: string[] } }).file.extensions = extensions
  if (app.settings.transcoding) {
    const t = config.transcoding as { web_videos: { enabled: boolean }; enabledResolutions: number[] }
    t.web_videos.enabled = true
    t.enabledResolutions = [0, 144, 240, 360, 480, 720, 1080]
  }
  return config
}

/** Bytes used by a user's videos: in total and over the last 24 h (quota-wise, the original file size). */
export function quotaUsed(app: PtApp, userId: number): { total: number; daily: number } {
  const dayAgo = Date.now() - 24 * 3600 * 1000
  let total = 0
  let daily = 0
  for (const v of app.store.state.videos) {
    if (v.userId !== userId) continue
    total += v.file.size
    if (v.createdAtMs >= dayAgo) daily += v.file.size
  }
  return { total, daily }
}

/** Creates a user with its account and default channel. */
export function createUser(
  app: PtApp,
  fields: {
    username: string
    password: string
    email: string
    role: 0 | 1 | 2
    quota: number
    daily: number
  },
): UserRecord {
  const n = app.store.state.next.user++
  const user: UserRecord = {
    id: n,
    accountId: n,
    channelId: n,
    username: fields.username,
    email: fields.email,
    passwordHash: hashPassword(fields.password),
    role: fields.role,
    videoQuota: fields.quota,
    videoQuotaDaily: fields.daily,
    createdAtMs: Date.now(),
    lastLoginMs: null,
    otpSecret: null,
  }
  app.store.state.users.push(user)
  app.store.save()
  return user
}

const quotaValue = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= -1 ? v : undefined)

async function postUser(ctx: Ctx) {
  if (!isAdmin(ctx.user)) throw new PtError(403, 'User right MANAGE_USERS is missing.')
  const { fields } = await readFields(ctx.req)
  const bad: Record<string, { value: unknown; msg: string; location: 'body' }> = {}
  const { username, password, email } = fields
  if (typeof username !== 'string' || !/^[a-z0-9._]{1,50}$/.test(username))
    bad.username = { value: username, msg: 'Invalid value', location: 'body' }
  if (typeof password !== 'string' || password.length < 6 || password.length > 255)
    bad.password = { value: '', msg: 'Invalid value', location: 'body' }
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))
    bad.email = { value: email, msg: 'Invalid value', location: 'body' }
  const role = fields.role ?? 2
  if (role !== 0 && role !== 1 && role !== 2)
    bad.role = { value: role, msg: 'Invalid value', location: 'body' }
  const quota = fields.videoQuota === undefined ? -1 : quotaValue(fields.videoQuota)
  const daily = fields.videoQuotaDaily === undefined ? -1 : quotaValue(fields.videoQuotaDaily)
  if (quota === undefined)
    bad.videoQuota = { value: fields.videoQuota, msg: 'Invalid value', location: 'body' }
  if (daily === undefined)
    bad.videoQuotaDaily = { value: fields.videoQuotaDaily, msg: 'Invalid value', location: 'body' }
  if (Object.keys(bad).length > 0) throw invalidParams(bad)
  const taken = ctx.app.store.state.users.some(
    (u) => u.username === username || u.email.toLowerCase() === (email as string).toLowerCase(),
  )
  if (taken) throw new PtError(409, 'User with this username or email already exists.')
  const user = createUser(ctx.app, {
    username: username as string,
    password: password as string,
    email: email as string,
    role: role as 0 | 1 | 2,
    quota: quota!,
    daily: daily!,
  })
  return { status: 200, body: { user: { id: user.id, account: { id: user.accountId } } } }
}

async function putUser(ctx: Ctx) {
  if (!isAdmin(ctx.user)) throw new PtError(403, 'User right MANAGE_USERS is missing.')
  const target = ctx.app.store.user(Number(ctx.params.id))
  const { fields } = await readFields(ctx.req)
  if (!target) throw new PtError(404, 'User not found')
  for (const key of ['videoQuota', 'videoQuotaDaily'] as const) {
    if (fields[key] === undefined) continue
    const value = quotaValue(fields[key])
    if (value === undefined)
      throw invalidParams({ [key]: { value: fields[key], msg: 'Invalid value', location: 'body' } })
    target[key] = value
  }
  if (typeof fields.password === 'string') target.passwordHash = hashPassword(fields.password)
  ctx.app.store.save()
  return { status: 204 }
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

/** Pending two-factor requests: request token → secret (in memory; a restart cancels them). */
const pendingOtp = new Map<string, { userId: number; secret: string }>()

async function twoFactor(ctx: Ctx, step: 'request' | 'confirm-request' | 'disable') {
  const user = ctx.user!
  const { fields } = await readFields(ctx.req)
  if (Number(ctx.params.id) !== user.id && !isAdmin(user)) throw new PtError(403, 'Cannot manage this user')
  const target = ctx.app.store.user(Number(ctx.params.id))
  if (!target) throw new PtError(404, 'User not found')
  if (step === 'confirm-request') {
    const pending = pendingOtp.get(str(fields.requestToken))
    if (!pending || pending.userId !== target.id || !verifyTotp(pending.secret, str(fields.otpToken)))
      throw new PtError(403, 'Invalid request token or OTP token')
    pendingOtp.delete(str(fields.requestToken))
    target.otpSecret = pending.secret
    ctx.app.store.save()
    return { status: 204 }
  }
  if (target.id === user.id && !checkPassword(str(fields.currentPassword), user.passwordHash))
    throw new PtError(403, 'Invalid password')
  if (step === 'disable') {
    target.otpSecret = null
    ctx.app.store.save()
    return { status: 204 }
  }
  if (target.otpSecret) throw new PtError(400, 'Two factor is already enabled.')
  const secret = newTotpSecret()
  const requestToken = randomBytes(32).toString('hex')
  pendingOtp.set(requestToken, { userId: target.id, secret })
  const uri = `otpauth://totp/${encodeURIComponent(ctx.app.host)}:${encodeURIComponent(target.email)}?issuer=${encodeURIComponent(ctx.app.host)}&secret=${secret}&algorithm=SHA1&digits=6&period=30`
  return { status: 200, body: { otpRequest: { requestToken, secret, uri } } }
}

const vocabRoute = (name: keyof typeof VOCABULARY, docs: string): PtRoute => ({
  method: 'GET',
  path: `/videos/${name}`,
  auth: 'none',
  docs,
  handler: () => ({ status: 200, body: VOCABULARY[name] }),
})

export const userRoutes: PtRoute[] = [
  {
    method: 'GET',
    path: '/config',
    auth: 'none',
    docs: 'getConfig',
    handler: ({ app }) => ({ status: 200, body: configView(app) }),
  },
  vocabRoute('languages', 'getLanguages'),
  vocabRoute('categories', 'getCategories'),
  vocabRoute('licences', 'getLicences'),
  vocabRoute('privacies', 'getVideoPrivacyPolicies'),
  {
    method: 'GET',
    path: '/users/me',
    auth: 'required',
    handler: ({ app, user }) => ({ status: 200, body: meView(app, user!) }),
  },
  {
    method: 'GET',
    path: '/users/me/video-quota-used',
    auth: 'required',
    handler: ({ app, user }) => {
      const used = quotaUsed(app, user!.id)
      return { status: 200, body: { videoQuotaUsed: used.total, videoQuotaUsedDaily: used.daily } }
    },
  },
  { method: 'POST', path: '/users', auth: 'required', docs: 'addUser', handler: postUser },
  { method: 'PUT', path: '/users/:id', auth: 'required', docs: 'putUser', handler: putUser },
  ...(['request', 'confirm-request', 'disable'] as const).map((step): PtRoute => ({
    method: 'POST',
    path: `/users/:id/two-factor/${step}`,
    auth: 'required',
    handler: (ctx) => twoFactor(ctx, step),
  })),
  {
    method: 'GET',
    path: '/accounts/:name/video-channels',
    auth: 'optional',
    docs: 'getAccountVideoChannelList',
    handler: ({ app, params }) => {
      const owner = app.store.userByName(params.name ?? '')
      if (!owner) throw new PtError(404, 'Account not found')
      return { status: 200, body: { total: 1, data: [channelView(app, owner)] } }
    },
  },
  {
    method: 'GET',
    path: '/accounts/:name',
    auth: 'optional',
    docs: 'getAccount',
    handler: ({ app, params }) => {
      const owner = app.store.userByName(params.name ?? '')
      if (!owner) throw new PtError(404, 'Account not found')
      return { status: 200, body: accountView(app, owner) }
    },
  },
  {
    method: 'GET',
    path: '/video-channels/:name',
    auth: 'optional',
    docs: 'getVideoChannel',
    handler: ({ app, params }) => {
      const owner = app.store.state.users.find((u) => `${u.username}_channel` === params.name)
      if (!owner) throw new PtError(404, 'Video channel not found')
      return { status: 200, body: channelView(app, owner) }
    },
  },
]
