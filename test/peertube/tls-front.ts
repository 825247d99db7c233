import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'

// Loopback stand-ins for a self-hosted instance's own certificate and a company proxy, put in front of
// whichever PeerTube the suite targets (sandbox or real server: both build upload URLs from the Host the
// client sent, so https://127.0.0.1:FRONT is a working instance address).

/** A self-signed certificate made by openssl for this run, and the SHA-256 fingerprint openssl prints. */
export type TestCertificate = Readonly<{ key: string; cert: string; fingerprint: string }>

export function makeSelfSignedCertificate(commonName: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'spool-cert-'))
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  const subj = `/CN=${commonName}/O=Spool test instance`
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      subj,
    ],
    { stdio: 'ignore', timeout: 30_000 },
  )
  const printed = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  })
  const hex = /=\s*([0-9A-F:]+)/i.exec(printed)?.[1]
  if (!hex) throw new Error(`openssl printed no fingerprint: ${printed}`)
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), fingerprint: `SHA256:${hex}` }
}

export type TlsFront = Readonly<{
  url: string
  /** Serves another certificate from now on, as an instance that replaced its own. */
  use(cert: TestCertificate): void
  close(): Promise<void>
}>

/** Tracks a connection's two sockets (closed together on error, destroyed by close()). */
function pair(sockets: Set<net.Socket>, client: net.Socket, upstream: net.Socket): void {
  for (const s of [client, upstream]) {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => {
      client.destroy()
      upstream.destroy()
    })
  }
}

/** A TLS terminator on 127.0.0.1 that pipes each connection to `target` (plain http). */
export async function startTlsFront(target: string, cert: TestCertificate): Promise<TlsFront> {
  const { hostname, port } = new URL(target)
  const sockets = new Set<net.Socket>()
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (client) => {
    const upstream = net.connect(Number(port), hostname)
    pair(sockets, client, upstream)
    client.pipe(upstream).pipe(client)
  })
  server.on('tlsClientError', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (next) => server.setSecureContext({ key: next.key, cert: next.cert }),
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

export type ConnectProxy = Readonly<{
  url: string
  /** CONNECT tunnels opened so far, and the bytes clients sent through them. */
  tunnels(): number
  bytesUp(): number
  close(): Promise<void>
}>

/** A minimal CONNECT proxy on 127.0.0.1 that counts its tunnels and the bytes sent up through them. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  let tunnels = 0
  let bytesUp = 0
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels++
    const [host, port] = (req.url ?? '').split(':')
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      client.on('data', (d: Buffer) => (bytesUp += d.length))
      client.pipe(upstream).pipe(client)
    })
    pair(sockets, client, upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels: () => tunnels,
    bytesUp: () => bytesUp,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
