import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import type tls from 'node:tls'
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent'
import { proxyFor, type ProxyEnv } from './proxy-env.ts'

/**
 * The connection agents of one account: keep-alive pools that reach each host either directly or through
 * the proxy the environment names for it (proxy-env.ts), and, for an account that trusts one self-signed
 * certificate, with that certificate's TLS options on every https connection (tls-pin.ts). The API client
 * (got) and the upload transport (exchange.ts) take the same pair, so API calls and chunks go the same way.
 */
export type Agents = Readonly<{ http: http.Agent; https: https.Agent }>

/** TLS options applied to every https connection (certificate checks always stay on). */
export type TlsOptions = Pick<tls.ConnectionOptions, 'ca' | 'checkServerIdentity'>

export type AgentsOptions = Readonly<{
  /** Where the proxy settings come from; process.env by default. */
  env?: ProxyEnv
  tls?: TlsOptions
  maxSockets?: number
}>

type ConnectCallback = (err: Error | null, stream: Duplex) => void
type Connector = Readonly<{
  createConnection(options: http.ClientRequestArgs, callback: ConnectCallback): Duplex | null | undefined
}>

/** The address a connection is for, as a URL (what NO_PROXY and the loopback rule are checked against). */
function targetOf(protocol: 'http:' | 'https:', options: http.ClientRequestArgs): URL {
  const host = options.host ?? options.hostname ?? 'localhost'
  const port = options.port ?? (protocol === 'https:' ? 443 : 80)
  return new URL(`${protocol}//${host.includes(':') ? `[${host}]` : host}:${port}`)
}

/** One tunnelling agent per proxy (CONNECT); it only opens sockets, the account's agent pools them. */
function tunnels(secure: boolean): (proxy: URL) => Connector {
  const byProxy = new Map<string, Connector>()
  return (proxy) => {
    let agent = byProxy.get(proxy.href)
    if (!agent) {
      agent = secure
        ? new HttpsProxyAgent({ proxy, keepAlive: true })
        : new HttpProxyAgent({ proxy, keepAlive: true })
      byProxy.set(proxy.href, agent)
    }
    return agent
  }
}

/**
 * Opens the socket for one connection: through a tunnel when the environment names a proxy for the host,
 * directly otherwise. `direct` is the agent's own (super) createConnection.
 */
function connect(
  protocol: 'http:' | 'https:',
  env: ProxyEnv,
  tunnel: (proxy: URL) => Connector,
  direct: (options: http.ClientRequestArgs, callback: ConnectCallback) => Duplex | null | undefined,
  options: http.ClientRequestArgs,
  callback: ConnectCallback,
): Duplex | null | undefined {
  let proxy: URL | null
  try {
    proxy = proxyFor(targetOf(protocol, options), env)
  } catch (caught) {
    process.nextTick(() => callback(caught instanceof Error ? caught : new Error(String(caught)), null!))
    return undefined
  }
  if (!proxy) return direct(options, callback)
  tunnel(proxy).createConnection(options, callback)
  return undefined
}

/**
 * Builds the agent pair. A proxy variable Spool cannot use (a socks:// proxy, an unreadable address) is
 * refused here, when the account is opened, with the variable named, rather than on the first request.
 */
export function createAgents(options: AgentsOptions = {}): Agents {
  const env = options.env ?? process.env
  proxyFor(new URL('https://spool.invalid'), env)
  proxyFor(new URL('http://spool.invalid'), env)
  const pool = { keepAlive: true, maxSockets: options.maxSockets ?? 32 }
  const httpTunnel = tunnels(false)
  const httpsTunnel = tunnels(true)

  class RoutedHttpAgent extends http.Agent {
    override createConnection(o: http.ClientRequestArgs, cb: ConnectCallback): Duplex | null | undefined {
      return connect('http:', env, httpTunnel, (a, b) => super.createConnection(a, b), o, cb)
    }
  }
  class RoutedHttpsAgent extends https.Agent {
    override createConnection(o: http.ClientRequestArgs, cb: ConnectCallback): Duplex | null | undefined {
      return connect('https:', env, httpsTunnel, (a, b) => super.createConnection(a, b), o, cb)
    }
  }
  // The agent merges its own options into every connection's, so the TLS options reach tunnelled
  // connections too (hpagent hands them to tls.connect over the tunnel).
  return { http: new RoutedHttpAgent(pool), https: new RoutedHttpsAgent({ ...pool, ...options.tls }) }
}
