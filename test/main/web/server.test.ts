import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { startPreviewServer, type PreviewServer } from '../../../src-main/web/server'
import type { ClusterApi } from '../../../src-preload/contract'

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
let staticDir: string

beforeEach(async () => {
  calls.length = 0
  staticDir = mkdtempSync(join(tmpdir(), 'cd-web-'))
  writeFileSync(join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>')
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(staticDir, '..', 'secret.txt'), 'secret')
  server = await startPreviewServer({ api, staticDir, token: 'tok' })
})
afterEach(() => server.close())

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

const auth = { authorization: 'Bearer tok', 'content-type': 'application/json' }

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
    const res = await http('/api/call/listSessions', { method: 'POST', headers: auth, body: '["p1","c1"]' })
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { method: 'listSessions', args: ['p1', 'c1'] } })
    expect(calls).toEqual([['listSessions', 'p1', 'c1']])
  })

  it('refuses calls without the token', async () => {
    expect((await http('/api/call/listProfiles', { method: 'POST', body: '[]' })).status).toBe(401)
    expect(
      (await http('/api/call/listProfiles', { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '[]' }))
        .status,
    ).toBe(401)
    expect(calls).toEqual([])
  })

  it('refuses another Host (DNS rebinding)', async () => {
    const res = await http('/api/call/listProfiles', {
      method: 'POST',
      headers: { ...auth, host: 'evil.example' },
      body: '[]',
    })
    expect(res.status).toBe(403)
    expect(calls).toEqual([])
  })

  it('rejects unknown methods, non-array bodies and oversize bodies', async () => {
    expect((await http('/api/call/constructor', { method: 'POST', headers: auth, body: '[]' })).status).toBe(404)
    expect((await http('/api/call/__proto__', { method: 'POST', headers: auth, body: '[]' })).status).toBe(404)
    const notArray = JSON.parse(
      (await http('/api/call/listProfiles', { method: 'POST', headers: auth, body: '{"a":1}' })).body,
    )
    expect(notArray.error.code).toBe('INVALID_ARGUMENT')
    const broken = JSON.parse((await http('/api/call/listProfiles', { method: 'POST', headers: auth, body: '[' })).body)
    expect(broken.error.code).toBe('INVALID_ARGUMENT')
    const big = JSON.parse(
      (await http('/api/call/listProfiles', { method: 'POST', headers: auth, body: `["${'x'.repeat(1_100_000)}"]` }))
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
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events?token=tok' }, (res) => {
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
})
