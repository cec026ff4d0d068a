import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeOneCFile, parseOneCServers, rasPortFor } from '../../../src-main/services/profiles/one-c-servers'

const utf8Bom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(s, 'utf8')])
const utf16leBom = (s: string) => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')])

const V8I = [
  '[Бухгалтерия (prod)]',
  'Connect=Srvr="srv-1c-01";Ref="buh";',
  'ID=5c4f2b4a-0a53-4a3e-9d4c-1c2f0b7f0a11',
  'OrderInList=0',
  '',
  '; a comment',
  '[ЗУП]',
  'Connect=Srvr="SRV-1C-01,srv-1c-02:1741";Ref="zup";',
  '[Файловая]',
  'Connect=File="C:\\Bases\\Demo";',
  '[Веб]',
  'Connect=ws="https://web/demo";',
  '[Склад]',
  'Connect=Srvr="tcp://[fe80::1]:1641;tcp://srv-sklad";Ref="sklad ""new""";',
  'garbage line',
  '[Сломанная]',
  'Connect=Srvr="bad host:1541";Ref="x";',
  'Connect=Srvr="srv-x:99999";Ref="y";',
  'Connect=Srvr="srv-y;Ref=z',
  'Connect=Usr="a";',
].join('\r\n')

describe('1C server lists', () => {
  it('reads ibases.v8i: several servers per Srvr, tcp://, IPv6, duplicates merged, bad lines listed', () => {
    for (const bytes of [utf8Bom(V8I), utf16leBom(V8I), Buffer.from(V8I, 'utf8')]) {
      const r = parseOneCServers(decodeOneCFile(bytes))
      expect(r.format).toBe('v8i')
      expect(r.servers).toEqual([
        { host: 'srv-1c-01', sourcePort: null, rasPort: 1545, infobases: ['Бухгалтерия (prod)', 'ЗУП'] },
        { host: 'srv-1c-02', sourcePort: 1741, rasPort: 1745, infobases: ['ЗУП'] },
        { host: 'fe80::1', sourcePort: 1641, rasPort: 1645, infobases: ['Склад'] },
        { host: 'srv-sklad', sourcePort: null, rasPort: 1545, infobases: ['Склад'] },
      ])
      expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
        [15, 'not a [section] or key=value line'],
        [17, 'host is not a host name or IP address: bad host:1541'],
        [18, 'port is not 1–65535: srv-x:99999'],
        [19, 'a quoted value is not closed'],
        [20, 'Connect has no Srvr, File or ws'],
      ])
      expect(r.problems[0]!.text).toBe('garbage line')
    }
  })

  it('reads appsrvrs.lst leniently: entries of the outer list, nested groups ignored, the rest listed', () => {
    const lst = [
      '{3,',
      '{"srv-1c-01",1540,"",0,{0},"Main"},',
      '{"srv-1c-02",1640,"",0,{1,{"Кластер",1641}}},',
      '{"SRV-1C-01",1540,"dup"},',
      '{42,"no host"},',
      '{"bad host",1540},',
      '{"srv-""q""",70000}',
      '}',
    ].join('\n')
    const r = parseOneCServers(decodeOneCFile(utf8Bom(lst)))
    expect(r.format).toBe('appsrvrs')
    expect(r.servers).toEqual([
      { host: 'srv-1c-01', sourcePort: 1540, rasPort: 1545, infobases: [] },
      { host: 'srv-1c-02', sourcePort: 1640, rasPort: 1645, infobases: [] },
    ])
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      [5, 'not a {"host",port,…} server entry'],
      [6, 'host is not a host name or IP address'],
      [7, 'port is not 1–65535'],
    ])
    // Without the outer list, cut short, UTF-16.
    const bare = parseOneCServers(decodeOneCFile(utf16leBom('{"a.example",1541}\r\n{"b",1540')))
    expect(bare.servers.map((s) => s.host)).toEqual(['a.example'])
    expect(bare.problems).toEqual([
      { line: 2, reason: 'the list is cut short (a "{" is not closed)', text: '{"b",1540' },
    ])
  })

  it('says when the text is neither file', () => {
    expect(parseOneCServers('\n\nhello world')).toEqual({
      format: 'unknown',
      servers: [],
      problems: [{ line: 3, reason: 'not an appsrvrs.lst or ibases.v8i file', text: 'hello world' }],
    })
    expect(parseOneCServers('')).toEqual({ format: 'unknown', servers: [], problems: [] })
  })

  it('maps agent-side ports to RAS ports', () => {
    expect([null, 1540, 1541, 1640, 2541, 1741, 1560, 40].map(rasPortFor)).toEqual([
      1545, 1545, 1545, 1645, 2545, 1745, 1545, 45,
    ])
  })

  it('never throws and always answers with valid servers (fuzz)', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      ',',
      '"',
      '""',
      '[',
      ']',
      '\r\n',
      '\n',
      '\r',
      'Connect=',
      'Srvr=',
      ';',
      ':',
      'tcp://',
      '1540',
      '70000',
      'srv',
      ' ',
      '=',
      'File=',
      '\uFEFF',
      'ё',
      '\u0000',
      '::1',
    )
    const text = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 60 }).map((a) => a.join('')),
    )
    fc.assert(
      fc.property(text, (s) => {
        const r = parseOneCServers(s)
        expect(['v8i', 'appsrvrs', 'unknown']).toContain(r.format)
        for (const x of r.servers) {
          expect(x.host.trim()).toBe(x.host)
          expect(x.host.length).toBeGreaterThan(0)
          expect(Number.isInteger(x.rasPort) && x.rasPort >= 1 && x.rasPort <= 65535).toBe(true)
        }
        for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(typeof decodeOneCFile(b)).toBe('string')
        parseOneCServers(decodeOneCFile(b))
      }),
      { numRuns: 1000 },
    )
  })
})
