/**
 * "Import from 1C": the servers an administrator already keeps in the 1C tools. Pure: bytes in,
 * servers and the lines it could not use out; never throws.
 *
 * - `appsrvrs.lst` (the administration console's server list, %APPDATA%\1C\1cv8): 1C's brace
 *   format, `{2,\n{"srv-1c-01",1540,"",...},\n{"srv-1c-02",1640,...}}`. The first two fields of a
 *   server entry are the host and the agent port. Read leniently: the entries are the brace groups
 *   of the outer list (or the outer groups themselves when they start with a string); anything
 *   else at that level is listed as not understood, deeper groups (cluster lists) are ignored.
 * - `ibases.v8i` (the launcher's infobase list, %APPDATA%\1C\1CEStart): `[Name]` sections with
 *   `Connect=Srvr="host[:port]";Ref="base";`. `File=` and `ws=` infobases have no server and are
 *   skipped silently. `Srvr` may hold several servers separated by commas or semicolons, each with
 *   an optional `tcp://` prefix; IPv6 addresses come in brackets.
 *
 * The port rule: a port in these files is an agent-side port — the agent (`ragent`, 1540) in
 * appsrvrs.lst, the cluster manager (`rmngr`, 1541) or the agent in a `Srvr` string; no port means
 * the defaults (1540 / 1541). RAS is a separate service, 1545 by default. The RAS port proposed is
 * the same "hundred" with 45 at the end when the port ends in 40 or 41 (1540/1541 → 1545,
 * 1640/1641 → 1645: the usual layout of a second installation on one machine), otherwise 1545.
 * The user can change it before the merge.
 */
import { DEFAULT_RAS_PORT, hostProblem, isRasPort } from '../../../src-shared/validate'

export type OneCFormat = 'appsrvrs' | 'v8i' | 'unknown'

export interface OneCServer {
  host: string
  /** The port the file gives (agent or cluster manager), null when none. */
  sourcePort: number | null
  /** The RAS port proposed by the rule above. */
  rasPort: number
  /** v8i: the infobases (section names) that use this server; empty for appsrvrs.lst. */
  infobases: string[]
}

export interface OneCProblem {
  /** 1-based line in the decoded text. */
  line: number
  reason: string
  text: string
}

export interface OneCServers {
  format: OneCFormat
  servers: OneCServer[]
  problems: OneCProblem[]
}

export const DEFAULT_AGENT_PORT = 1540
const MAX_SHOWN = 120

/** The RAS port to propose for an agent-side port (see the rule at the top). */
export function rasPortFor(sourcePort: number | null): number {
  if (sourcePort === null) return DEFAULT_RAS_PORT
  const tail = sourcePort % 100
  return tail === 40 || tail === 41 ? sourcePort - tail + 45 : DEFAULT_RAS_PORT
}

/** The file's text by its BOM: UTF-8, UTF-16LE or UTF-16BE; UTF-16LE without BOM is recognised by its zero bytes. */
export function decodeOneCFile(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3))
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2 - (bytes.length % 2))
    for (let i = 0; i + 1 < swapped.length; i += 2) {
      swapped[i] = bytes[i + 3]!
      swapped[i + 1] = bytes[i + 2]!
    }
    return new TextDecoder('utf-16le').decode(swapped)
  }
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return new TextDecoder('utf-16le').decode(bytes)
  }
  return new TextDecoder('utf-8').decode(bytes)
}

/** Reads either file's text (format told by its content). */
export function parseOneCServers(input: string): OneCServers {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const found = new ServerList()
  if (/^[ \t]*(\[[^\]\r\n]*\]|Connect[ \t]*=)/im.test(text)) {
    readV8i(text, found)
    return { format: 'v8i', ...found.result() }
  }
  if (/^\s*\{/.test(text)) {
    readAppsrvrs(text, found)
    return { format: 'appsrvrs', ...found.result() }
  }
  const first = text.split(/\r\n|\n|\r/).findIndex((l) => l.trim() !== '')
  if (first >= 0) found.problem(first + 1, 'not an appsrvrs.lst or ibases.v8i file', text.split(/\r\n|\n|\r/)[first]!)
  return { format: 'unknown', ...found.result() }
}

/** Servers deduplicated by host (case-insensitive) and port; problems in line order. */
class ServerList {
  private readonly byKey = new Map<string, OneCServer>()
  private readonly problems: OneCProblem[] = []

  add(host: string, sourcePort: number | null, infobase: string | null, defaultPort: number): void {
    const key = `${host.toLowerCase()}\n${sourcePort ?? defaultPort}`
    let server = this.byKey.get(key)
    if (!server) {
      server = { host, sourcePort, rasPort: rasPortFor(sourcePort), infobases: [] }
      this.byKey.set(key, server)
    }
    if (infobase !== null && infobase !== '' && !server.infobases.includes(infobase)) server.infobases.push(infobase)
  }

  problem(line: number, reason: string, text: string): void {
    const shown = text.trim()
    this.problems.push({ line, reason, text: shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown })
  }

  result(): Omit<OneCServers, 'format'> {
    return { servers: [...this.byKey.values()], problems: this.problems.sort((a, b) => a.line - b.line) }
  }
}

// --- ibases.v8i ------------------------------------------------------------------------------------

function readV8i(text: string, found: ServerList): void {
  let section: string | null = null
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim()
    const at = i + 1
    if (line === '' || line.startsWith(';') || line.startsWith('#') || line.startsWith('//')) return
    const head = /^\[(.*)\]$/.exec(line)
    if (head) {
      section = head[1]!.trim()
      return
    }
    const eq = line.indexOf('=')
    if (eq <= 0) return found.problem(at, 'not a [section] or key=value line', raw)
    if (line.slice(0, eq).trim().toLowerCase() !== 'connect') return
    const params = connectionParams(line.slice(eq + 1))
    if (typeof params === 'string') return found.problem(at, params, raw)
    const srvr = params.get('srvr')
    if (srvr === undefined) {
      if (!params.has('file') && !params.has('ws')) found.problem(at, 'Connect has no Srvr, File or ws', raw)
      return
    }
    const infobase = section ?? params.get('ref') ?? null
    const items = srvr.split(/[,;]/).map((s) => s.trim())
    if (items.every((s) => s === '')) return found.problem(at, 'Srvr is empty', raw)
    for (const item of items) {
      if (item === '') continue
      const server = serverAddress(item)
      if (typeof server === 'string') found.problem(at, `${server}: ${item}`, raw)
      else found.add(server.host, server.port, infobase, 1541)
    }
  })
}

/** `Key=Value;Key="quoted ""value""";` → lower-case keys; a string says what is wrong. */
function connectionParams(s: string): Map<string, string> | string {
  const params = new Map<string, string>()
  let i = 0
  while (i < s.length) {
    while (i < s.length && (s[i] === ';' || s[i] === ' ' || s[i] === '\t')) i++
    if (i >= s.length) break
    const eq = s.indexOf('=', i)
    if (eq < 0) return 'Connect is not Key=Value; pairs'
    const key = s.slice(i, eq).trim().toLowerCase()
    i = eq + 1
    while (s[i] === ' ' || s[i] === '\t') i++
    let value = ''
    if (s[i] === '"') {
      i++
      for (;;) {
        if (i >= s.length) return 'a quoted value is not closed'
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += s[i++]
      }
      while (i < s.length && s[i] !== ';') {
        if (s[i] !== ' ' && s[i] !== '\t') return 'text after a quoted value'
        i++
      }
    } else {
      const end = s.indexOf(';', i)
      value = (end < 0 ? s.slice(i) : s.slice(i, end)).trim()
      i = end < 0 ? s.length : end
    }
    if (key === '') return 'Connect has a value without a key'
    if (!params.has(key)) params.set(key, value)
  }
  return params
}

/** `host`, `host:port`, `tcp://host:port`, `[v6]:port`, a bare IPv6 address; a string says what is wrong. */
function serverAddress(item: string): { host: string; port: number | null } | string {
  let s = item.replace(/^tcp:\/\//i, '')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return 'not a tcp:// address'
  s = s.replace(/\/+$/, '')
  let host: string
  let port: string | null = null
  if (s.startsWith('[')) {
    const close = s.indexOf(']')
    if (close < 0) return 'an IPv6 address without "]"'
    host = s.slice(1, close)
    const rest = s.slice(close + 1)
    if (rest !== '') {
      if (!rest.startsWith(':')) return 'text after the IPv6 address'
      port = rest.slice(1)
    }
  } else {
    const colons = s.split(':').length - 1
    if (colons === 1) [host, port] = s.split(':') as [string, string]
    else host = s
  }
  const why = hostProblem(host)
  if (why) return `host ${why}`
  if (port === null) return { host: host.trim(), port: null }
  const n = /^\d{1,5}$/.test(port.trim()) ? Number(port.trim()) : NaN
  if (!isRasPort(n)) return 'port is not 1–65535'
  return { host: host.trim(), port: n }
}

// --- appsrvrs.lst ----------------------------------------------------------------------------------

interface Group {
  start: number
  depth: number
  parent: number
  closed: boolean
  /** The first two fields: a quoted string ("s") or bare text ("b"). */
  fields: Array<{ kind: 's' | 'b'; value: string }>
}

function readAppsrvrs(text: string, found: ServerList): void {
  const lineAt = lineIndex(text)
  const lineText = (offset: number) => {
    const start = text.lastIndexOf('\n', offset - 1) + 1
    const end = text.indexOf('\n', offset)
    return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '')
  }
  const { groups, broken } = scanBraces(text)
  if (broken !== null) found.problem(lineAt(broken.offset), broken.reason, lineText(broken.offset))

  const entries: Group[] = []
  groups.forEach((g, i) => {
    if (g.depth !== 1) return
    // A group cut short (no "}") is reported once as broken, not again as an entry.
    if (g.fields[0]?.kind === 's') entries.push(g)
    else entries.push(...groups.filter((c) => c.parent === i))
  })
  entries.sort((a, b) => a.start - b.start)
  for (let k = entries.length - 1; k >= 0; k--) if (!entries[k]!.closed) entries.splice(k, 1)
  for (const g of entries) {
    const [host, port] = g.fields
    const at = lineAt(g.start)
    if (host?.kind !== 's' || port?.kind !== 'b' || !/^\d{1,5}$/.test(port.value)) {
      found.problem(at, 'not a {"host",port,…} server entry', lineText(g.start))
      continue
    }
    const why = hostProblem(host.value)
    const n = Number(port.value)
    if (why) found.problem(at, `host ${why}`, lineText(g.start))
    else if (!isRasPort(n)) found.problem(at, 'port is not 1–65535', lineText(g.start))
    else found.add(host.value.trim().replace(/^\[(.*)\]$/, '$1'), n, null, DEFAULT_AGENT_PORT)
  }
}

/** Every brace group with its depth, parent and first two fields; strings keep `""` as `"`. */
function scanBraces(text: string): { groups: Group[]; broken: { offset: number; reason: string } | null } {
  const groups: Group[] = []
  const stack: Array<{ index: number; cur: string; kind: 's' | 'b' | null }> = []
  const finishField = (top: { index: number; cur: string; kind: 's' | 'b' | null }) => {
    const g = groups[top.index]!
    if (g.fields.length < 2 && top.kind !== null)
      g.fields.push({ kind: top.kind, value: top.kind === 'b' ? top.cur.trim() : top.cur })
    top.cur = ''
    top.kind = null
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const top = stack[stack.length - 1]
    if (c === '"') {
      const start = i
      let value = ''
      i++
      for (;;) {
        if (i >= text.length) return { groups, broken: { offset: start, reason: 'a quoted string is not closed' } }
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += text[i++]
      }
      if (top && top.kind === null) {
        top.kind = 's'
        top.cur = value
      }
      continue
    }
    if (c === '{') {
      if (top) top.kind ??= 'b' // a nested group counts as a (non-string) field
      groups.push({ start: i, depth: stack.length + 1, parent: top ? top.index : -1, closed: false, fields: [] })
      stack.push({ index: groups.length - 1, cur: '', kind: null })
    } else if (c === '}') {
      if (!top) return { groups, broken: { offset: i, reason: 'a "}" without its "{"' } }
      finishField(top)
      groups[top.index]!.closed = true
      stack.pop()
    } else if (c === ',') {
      if (top) finishField(top)
    } else if (top && !/\s/.test(c)) {
      if (top.kind === null) top.kind = 'b'
      if (top.kind === 'b') top.cur += c
    }
    i++
  }
  const open = stack[0]
  if (open)
    return {
      groups,
      broken: { offset: groups[open.index]!.start, reason: 'the list is cut short (a "{" is not closed)' },
    }
  return { groups, broken: null }
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1)
  }
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}
