import { BlockList, isIP } from 'node:net'
import { fail } from '../../common/ipc/result.ts'

/** The variables a proxy is read from (process.env in the app and the CLI; a plain object in tests). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>

/** The first non-empty of `names`, lower-case spelling first (curl's and Go's order). */
function pick(env: ProxyEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value) return value
  }
  return undefined
}

/** `[::1]` → `::1`; host names compare case-insensitively. */
const bare = (host: string): string => host.replace(/^\[|\]$/g, '').toLowerCase()

const defaultPort = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80')

function isLoopback(host: string): boolean {
  const h = bare(host)
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h)
}

/** One NO_PROXY entry against a host: `*`, an exact host or IP, a domain suffix, an IPv4/IPv6 CIDR block. */
function entryMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true
  let name = entry
  const portMatch = /^(.*?):(\d+)$/.exec(entry)
  if (portMatch?.[1] && !entry.includes('::') && !/^\[.*\]$/.test(entry)) {
    if (portMatch[2] !== port) return false
    name = portMatch[1]
  }
  name = bare(name)
  const slash = name.indexOf('/')
  if (slash > 0 && isIP(host)) {
    const base = name.slice(0, slash)
    const bits = Number(name.slice(slash + 1))
    const family = isIP(base) === 6 ? 'ipv6' : 'ipv4'
    if (!isIP(base) || !Number.isInteger(bits)) return false
    const block = new BlockList()
    block.addSubnet(base, bits, family)
    return block.check(host, isIP(host) === 6 ? 'ipv6' : 'ipv4')
  }
  const domain = name.replace(/^\*?\./, '')
  return host === domain || host.endsWith(`.${domain}`)
}

/** Whether NO_PROXY (or no_proxy) says to reach `url` directly. */
export function bypassesProxy(url: URL, env: ProxyEnv): boolean {
  const list = pick(env, 'no_proxy', 'NO_PROXY')
  if (!list) return false
  const host = bare(url.hostname)
  const port = defaultPort(url)
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => entryMatches(entry.toLowerCase(), host, port))
}

/**
 * The proxy to reach `url` through, from the environment, or null for a direct connection: `https_proxy` /
 * `HTTPS_PROXY` for https addresses, `http_proxy` / `HTTP_PROXY` for http ones, unless NO_PROXY names the
 * host. A proxy on another machine never gets a loopback address: it could only reach its own loopback, so
 * the built-in sandbox keeps working for someone whose whole session is behind a company proxy. A value
 * without a scheme means http://; any scheme other than http or https is refused with its variable named.
 */
export function proxyFor(url: URL, env: ProxyEnv): URL | null {
  const secure = url.protocol === 'https:'
  const names = secure ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const raw = pick(env, ...names)
  if (!raw || bypassesProxy(url, env)) return null
  let proxy: URL
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`)
  } catch {
    return fail('input/invalid', `${names.join(' / ')} is not a proxy address Spool can read.`)
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
    fail(
      'input/invalid',
      `${names.join(' / ')} names a ${proxy.protocol.replace(':', '')} proxy; Spool goes through http:// or https:// proxies only.`,
    )
  if (isLoopback(url.hostname) && !isLoopback(proxy.hostname)) return null
  return proxy
}
