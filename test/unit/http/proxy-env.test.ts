import { describe, expect, test } from 'vitest'
import { bypassesProxy, proxyFor } from '../../../main/http/proxy-env.ts'

const at = (url: string, env: Record<string, string>) => proxyFor(new URL(url), env)?.href ?? null

describe('the proxy for an address, from the environment', () => {
  test('https addresses use HTTPS_PROXY (lower case first), http ones HTTP_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://corp:3128', http_proxy: 'http://plain:8080' }
    expect(at('https://videos.example', env)).toBe('http://corp:3128/')
    expect(at('http://videos.example', env)).toBe('http://plain:8080/')
    expect(at('https://videos.example', { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2' })).toBe(
      'http://low:1/',
    )
    expect(at('https://videos.example', { HTTP_PROXY: 'http://plain:8080' })).toBeNull()
  })

  test('a proxy without a scheme is http; socks and nonsense are refused, naming the variable', () => {
    expect(at('https://v.example', { HTTPS_PROXY: 'corp:3128' })).toBe('http://corp:3128/')
    expect(() => at('https://v.example', { HTTPS_PROXY: 'socks5://corp:1080' })).toThrow(
      /HTTPS_PROXY.*socks5/,
    )
    expect(() => at('https://v.example', { HTTPS_PROXY: 'http://[bad' })).toThrow(/HTTPS_PROXY/)
  })

  test('NO_PROXY: hosts, domain suffixes, ports, CIDR blocks and *', () => {
    const env = (list: string) => ({ NO_PROXY: list })
    const host = (url: string, list: string) => bypassesProxy(new URL(url), env(list))
    expect(host('https://videos.example', 'videos.example')).toBe(true)
    expect(host('https://a.videos.example', '.videos.example')).toBe(true)
    expect(host('https://a.videos.example', 'videos.example')).toBe(true)
    expect(host('https://badvideos.example', 'videos.example')).toBe(false)
    expect(host('https://videos.example:8443', 'videos.example:8443')).toBe(true)
    expect(host('https://videos.example', 'videos.example:8443')).toBe(false)
    expect(host('https://10.1.2.3', '10.0.0.0/8')).toBe(true)
    expect(host('https://11.1.2.3', '10.0.0.0/8')).toBe(false)
    expect(host('https://[::1]:9000', '::1')).toBe(true)
    expect(host('https://anything.example', 'other.example, *')).toBe(true)
    expect(
      at('https://videos.example', { HTTPS_PROXY: 'http://corp:3128', no_proxy: 'VIDEOS.example' }),
    ).toBeNull()
  })

  test('a proxy on another machine never gets a loopback address; a local one does', () => {
    expect(at('http://127.0.0.1:4000', { HTTP_PROXY: 'http://corp:3128' })).toBeNull()
    expect(at('https://localhost:4000', { HTTPS_PROXY: 'http://corp:3128' })).toBeNull()
    expect(at('https://127.0.0.1:4000', { HTTPS_PROXY: 'http://127.0.0.1:3128' })).toBe(
      'http://127.0.0.1:3128/',
    )
  })
})
