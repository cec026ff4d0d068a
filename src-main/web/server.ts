/**
 * The web preview server: serves the built renderer on 127.0.0.1 and carries the ClusterApi over
 * HTTP with a per-run token. It exists so ClusterDesk can be tried and tested where no Electron
 * binary can be installed. It is not a multi-user server: it binds loopback only, refuses
 * requests whose Host is not its own (DNS rebinding), API requests from another origin and API
 * requests without the token in the authorization header.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { API_METHODS, type ApiEvent, type ApiMethod, type ClusterApi } from '../../src-shared/contract'
import { exposeLikeContextBridge } from '../../src-shared/clone-bridge'
import { installWebBridge } from './page-bridge'
import { jsonPieces } from './json-pieces'

export const MAX_BODY_BYTES = 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

// worker-src blob: is for XLSX export: write-excel-file (fflate) zips large files in a blob: Worker.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const BRIDGE_PATH = '/clusterdesk-web-bridge.js'

export interface PreviewServerOptions {
  api: ClusterApi
  /** The built renderer (out/renderer). */
  staticDir: string
  port?: number
  /** Fixed token (tests); default: 24 random bytes per run. */
  token?: string
}

export interface PreviewServer {
  /** Open this in a browser: it carries the token in the fragment. */
  url: string
  port: number
  token: string
  /** Push an event to every open page. */
  emit(event: ApiEvent): void
  close(): Promise<void>
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  // `__name` shim: tsx/esbuild (keepNames) may inject __name(...) calls into the function's source.
  const bridgeScript =
    `var __name = (f) => f;\n(${installWebBridge.toString()})(` +
    `${JSON.stringify(API_METHODS)}, ${exposeLikeContextBridge.toString()});\n`
  const eventStreams = new Set<ServerResponse>()
  let port = 0

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own origin: a page on another host name resolving to 127.0.0.1 is refused.
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(403).end('forbidden host')
      return
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${host}`)
    } catch {
      res.writeHead(400).end('bad request')
      return
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    if (url.pathname === BRIDGE_PATH) return send(res, 200, CONTENT_TYPES['.js']!, bridgeScript)
    return serveStatic(res, url.pathname)
  }

  /**
   * A page on another origin must not drive the API, token or not. Browsers send Origin with
   * every POST and every cross-origin CORS request; they leave it out only of GET/HEAD requests
   * that are same-origin (fetch, EventSource) or no-cors (<img>, <script>), and Sec-Fetch-Site
   * tells those apart where the browser sends it.
   */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin
    if (origin !== undefined) return origin === `http://${req.headers.host}`
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const site = req.headers['sec-fetch-site']
    return site === undefined || site === 'same-origin'
  }

  /** The token only in the header: a token in a URL would be logged and kept in history. */
  function authorized(req: IncomingMessage): boolean {
    const given = Buffer.from(req.headers.authorization ?? '')
    const expected = Buffer.from(`Bearer ${token}`)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!sameOrigin(req)) {
      res.writeHead(403).end('cross-origin request refused')
      return
    }
    if (!authorized(req)) {
      res.writeHead(401).end('token required')
      return
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      eventStreams.add(res)
      req.on('close', () => eventStreams.delete(res))
      return
    }
    const method = /^\/api\/call\/(\w+)$/.exec(url.pathname)?.[1]
    if (req.method !== 'POST' || !method || !(API_METHODS as string[]).includes(method)) {
      res.writeHead(404).end()
      return
    }
    const body = await readBody(req)
    let args: unknown
    try {
      args = body === null ? null : JSON.parse(body)
    } catch {
      args = null
    }
    if (!Array.isArray(args)) {
      return sendJson(res, {
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: 'the request body must be a JSON array of arguments (at most 1 MiB)',
        },
      })
    }
    const fn = options.api[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>
    sendJson(res, await fn.apply(options.api, args))
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    let rel: string
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    } catch {
      res.writeHead(400).end('bad request') // malformed percent-encoding
      return
    }
    const file = normalize(join(options.staticDir, rel))
    if (!file.startsWith(normalize(options.staticDir) + sep)) {
      res.writeHead(403).end()
      return
    }
    let content: Buffer
    try {
      content = await readFile(file)
    } catch {
      res.writeHead(404).end('not found')
      return
    }
    if (rel === 'index.html') {
      // The bridge must define window.api before the app's module script runs.
      const html = content.toString('utf8').replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`)
      return send(res, 200, CONTENT_TYPES['.html']!, html)
    }
    send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', content)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    emit(event) {
      const line = `data: ${JSON.stringify(event)}\n\n`
      for (const stream of eventStreams) stream.write(line)
    },
    async close() {
      for (const stream of eventStreams) stream.end()
      eventStreams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const JSON_TYPE = 'application/json; charset=utf-8'

function headers(type: string): Record<string, string> {
  return {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, headers(type))
  res.end(body)
}

/**
 * A big answer leaves in pieces as it is written (json-pieces.ts), chunked; a small one whole, as
 * bytes (given a string, Node would scan it once for the Content-Length and encode it again).
 */
function sendJson(res: ServerResponse, value: unknown): void {
  let streaming = false
  let rest: string
  try {
    rest = jsonPieces(value, (piece) => {
      if (!streaming) res.writeHead(200, headers(JSON_TYPE))
      streaming = true
      res.write(piece)
    })
  } catch (e) {
    // Half an answer must not pass for a whole one: the page sees the connection fail.
    if (streaming) res.destroy()
    throw e
  }
  if (streaming) res.end(rest)
  else send(res, 200, JSON_TYPE, Buffer.from(rest, 'utf8'))
}

/** The body as text, or null when it exceeds MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) {
        resolve(null)
        req.resume()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
