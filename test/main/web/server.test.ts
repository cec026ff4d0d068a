import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { createContext, runInContext } from 'node:vm'
import { reactive } from 'vue'
import { startPreviewServer, type PreviewServer } from '../../../src-main/web/server'
import type { ClusterApi, RendererApi } from '../../../src-shared/contract'

/** The transport only: a tiny ClusterApi whose calls echo what reached them. */
const calls: unknown[][] = []
const api = new Proxy({} as ClusterApi, {
  get:
    (_t, name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args])
      return { ok: true, value: { method: name, args } }
    },
})

let server: PreviewServer
let root: string
let staticDir: string

beforeEach(async () => {
  calls.length = 0
  // The secret sits beside the served folder, inside a folder of the test's own (not in the system temp).
  root = mkdtempSync(join(tmpdir(), 'cd-web-'))
  staticDir = join(root, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>')
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(staticDir, '..', 'secret.txt'), 'secret')
  server = await startPreviewServer({ api, staticDir, token: 'tok' })
})
afterEach(async () => {
  await server.close()
  rmSync(root, { recursive: true, force: true })
})

function http(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }),
        )
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** What a browser sends with the page's own POST: its origin, and the token in the header. */
const auth = (): Record<string, string> => ({
  authorization: 'Bearer tok',
  'content-type': 'application/json',
  origin: `http://127.0.0.1:${server.port}`,
})

describe('web preview server', () => {
  it('binds loopback and prints a URL with the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=tok`)
  })

  it('serves index.html with the bridge script and a CSP header', async () => {
    const res = await http('/')
    expect(res.status).toBe(200)
    expect(res.body).toContain('<script src="/clusterdesk-web-bridge.js"></script>')
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
    const bridge = await http('/clusterdesk-web-bridge.js')
    expect(bridge.body).toContain('"listSessions"')
  })

  it('calls the api with the JSON arguments', async () => {
    const res = await http('/api/call/listSessions', { method: 'POST', headers: auth(), body: '["p1","c1"]' })
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { method: 'listSessions', args: ['p1', 'c1'] } })
    expect(calls).toEqual([['listSessions', 'p1', 'c1']])
  })

  it('sends a big answer in pieces as it is written: the same JSON, byte for byte', async () => {
    const ids = Array.from({ length: 30_000 }, (_, i) => `сеанс-${i}`)
    const body = JSON.stringify(['p1', ids])
    const res = await http('/api/call/listSessions', { method: 'POST', headers: auth(), body })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.body).toBe(JSON.stringify({ ok: true, value: { method: 'listSessions', args: ['p1', ids] } }))
  })

  it('refuses calls without the token', async () => {
    const origin = `http://127.0.0.1:${server.port}`
    expect((await http('/api/call/listProfiles', { method: 'POST', headers: { origin }, body: '[]' })).status).toBe(401)
    expect(
      (
        await http('/api/call/listProfiles', {
          method: 'POST',
          headers: { origin, authorization: 'Bearer nope' },
          body: '[]',
        })
      ).status,
    ).toBe(401)
    expect(calls).toEqual([])
  })

  it('takes the token from the authorization header only, never from the URL', async () => {
    const origin = `http://127.0.0.1:${server.port}`
    const inQuery = await http('/api/call/listProfiles?token=tok', { method: 'POST', headers: { origin }, body: '[]' })
    expect(inQuery.status).toBe(401)
    expect((await http('/api/events?token=tok')).status).toBe(401)
    expect(calls).toEqual([])
  })

  it('refuses API requests from another origin, allows its own', async () => {
    const call = (headers: Record<string, string>) =>
      http('/api/call/listProfiles', { method: 'POST', headers: { ...auth(), ...headers }, body: '[]' })
    expect((await call({ origin: 'http://evil.example' })).status).toBe(403)
    expect((await call({ origin: 'null' })).status).toBe(403)
    // Another port on the same host is same-site but another origin.
    expect((await call({ origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403)
    expect((await call({ origin: `http://localhost:${server.port}` })).status).toBe(403) // Host is 127.0.0.1
    expect(calls).toEqual([])
    // A browser always sends Origin with a POST: one without it is not the page's own.
    const { origin: _, ...noOrigin } = auth()
    expect((await http('/api/call/listProfiles', { method: 'POST', headers: noOrigin, body: '[]' })).status).toBe(403)
    expect(calls).toEqual([])

    expect((await call({})).status).toBe(200)
    const viaLocalhost = await call({ host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })
    expect(viaLocalhost.status).toBe(200)
    expect(calls).toHaveLength(2)
  })

  it('event stream: same-origin GET without Origin is allowed, cross-site and cross-origin are not', async () => {
    const events = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/events',
            headers: { authorization: 'Bearer tok', ...headers },
          },
          (res) => {
            resolve(res.statusCode!)
            req.destroy()
          },
        )
        req.on('error', reject)
        req.end()
      })
    // What the page's fetch sends (same-origin GET: no Origin); older clients send no Sec-Fetch-Site.
    expect(await events({ 'sec-fetch-site': 'same-origin' })).toBe(200)
    expect(await events({})).toBe(200)
    // A no-cors GET from another page (<img>, <script>) carries no Origin, but says where it comes from.
    expect(await events({ 'sec-fetch-site': 'cross-site' })).toBe(403)
    expect(await events({ 'sec-fetch-site': 'same-site' })).toBe(403)
    expect(await events({ 'sec-fetch-site': 'none' })).toBe(403)
    expect(await events({ origin: 'http://evil.example' })).toBe(403)
  })

  it('answers a malformed path with 400', async () => {
    expect((await http('/%E0%A4%A')).status).toBe(400)
    expect((await http('/assets/%')).status).toBe(400)
    expect((await http('//')).status).toBe(400)
  })

  it('refuses another Host (DNS rebinding)', async () => {
    const res = await http('/api/call/listProfiles', {
      method: 'POST',
      headers: { ...auth(), host: 'evil.example' },
      body: '[]',
    })
    expect(res.status).toBe(403)
    expect(calls).toEqual([])
  })

  it('rejects unknown methods, non-array bodies and oversize bodies', async () => {
    expect((await http('/api/call/constructor', { method: 'POST', headers: auth(), body: '[]' })).status).toBe(404)
    expect((await http('/api/call/__proto__', { method: 'POST', headers: auth(), body: '[]' })).status).toBe(404)
    const notArray = JSON.parse(
      (await http('/api/call/listProfiles', { method: 'POST', headers: auth(), body: '{"a":1}' })).body,
    )
    expect(notArray.error.code).toBe('INVALID_ARGUMENT')
    const broken = JSON.parse(
      (await http('/api/call/listProfiles', { method: 'POST', headers: auth(), body: '[' })).body,
    )
    expect(broken.error.code).toBe('INVALID_ARGUMENT')
    const big = JSON.parse(
      (await http('/api/call/listProfiles', { method: 'POST', headers: auth(), body: `["${'x'.repeat(1_100_000)}"]` }))
        .body,
    )
    expect(big.error.code).toBe('INVALID_ARGUMENT')
    expect(calls).toEqual([])
  })

  it('never serves files outside the renderer folder', async () => {
    expect((await http('/assets/app.js')).status).toBe(200)
    expect((await http('/../secret.txt')).status).not.toBe(200)
    expect((await http('/%2e%2e/secret.txt')).body).not.toBe('secret')
    expect((await http('/..%2fsecret.txt')).status).toBe(403)
    expect((await http('/missing.js')).status).toBe(404)
  })

  it('pushes events to open event streams', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const headers = { authorization: 'Bearer tok' }
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => {
          text += c.toString()
          if (text.includes('data:')) {
            resolve(text)
            req.destroy()
          }
        })
        server.emit({ type: 'terminate-progress', operation: 'op1', done: 1, total: 3 })
      })
      req.on('error', reject)
      req.end()
    })
    expect(await received).toContain('"operation":"op1"')
  })

  it('the page bridge clones like contextBridge, sends the token in a header and streams events', async () => {
    const script = (await http('/clusterdesk-web-bridge.js')).body
    const base = `http://127.0.0.1:${server.port}`
    const requested: string[] = []
    const stored = new Map<string, string>()
    let closed = false
    const page = {
      location: { hash: '#token=tok', pathname: '/', search: '' },
      sessionStorage: {
        getItem: (k: string) => stored.get(k) ?? null,
        setItem: (k: string, v: string) => stored.set(k, v),
      },
      history: { replaceState: () => (page.location.hash = '') },
      // What a browser adds to the page's own requests: Origin on a POST, Sec-Fetch-Site on all.
      fetch: (path: string, init: RequestInit = {}) => {
        requested.push(path)
        const headers = new Headers(init.headers)
        headers.set('sec-fetch-site', 'same-origin')
        if (init.method === 'POST') headers.set('origin', base)
        return fetch(base + path, { method: init.method, body: init.body, headers })
      },
      setTimeout: (fn: () => void, ms: number) => !closed && setTimeout(fn, ms),
      TextDecoder,
      reportError: (e: unknown) => {
        throw e
      },
      structuredClone,
    }
    const context = createContext(page)
    runInContext(script, context)
    const api = runInContext('api', context) as RendererApi
    try {
      expect(stored.get('clusterdesk-token')).toBe('tok')
      expect(page.location.hash).toBe('')

      const credentials = reactive({ user: 'admin', password: 'secret', remember: false })
      expect(() => api.getInfobaseLock('p1', 'c1', 'i1', credentials)).toThrow(
        /getInfobaseLock argument 4 could not be cloned/,
      )
      expect(calls).toEqual([])
      const lock = await api.getInfobaseLock('p1', 'c1', 'i1', { user: 'admin', password: 'secret', remember: false })
      expect(lock).toEqual({
        ok: true,
        value: {
          method: 'getInfobaseLock',
          args: ['p1', 'c1', 'i1', { user: 'admin', password: 'secret', remember: false }],
        },
      })

      const received: unknown[] = []
      api.onEvent((e) => received.push(e))
      const event = { type: 'terminate-progress', operation: 'op2', done: 2, total: 3 } as const
      await vi.waitFor(
        () => {
          server.emit(event)
          expect(received[0]).toEqual(event)
        },
        { timeout: 5000, interval: 50 },
      )
      expect(requested.every((path) => !path.includes('tok'))).toBe(true)
      expect(requested).toContain('/api/events')
    } finally {
      closed = true
    }
  })
})
