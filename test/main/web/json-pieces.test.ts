import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { jsonPieces } from '../../../src-main/web/json-pieces'

/** The pieces and the rest, joined, and how many pieces were emitted. */
function written(value: unknown, pieceSize: number): { text: string; pieces: number } {
  const pieces: string[] = []
  const rest = jsonPieces(value, (p) => pieces.push(p), pieceSize)
  pieces.forEach((p) => expect(p.length).toBeGreaterThanOrEqual(pieceSize))
  return { text: pieces.join('') + rest, pieces: pieces.length }
}

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

describe('jsonPieces: JSON.stringify written in pieces', () => {
  it('writes exactly what JSON.stringify writes, for any JSON value and any piece size', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, size) => {
        expect(written(value, size).text).toBe(JSON.stringify(value))
      }),
    )
  })

  it('keeps JSON.stringify rules for what JSON cannot say: undefined, functions, toJSON, classes, -0, NaN', () => {
    const value = {
      a: undefined,
      f: () => 1,
      s: Symbol('s'),
      list: [undefined, () => 1, Symbol('s'), NaN, -0, Infinity, { b: undefined }],
      when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      point: new Point(1, 2),
      custom: { toJSON: () => 'custom' },
      nested: { deeper: [{ n: null, t: 'текст "в кавычках"\n' }] },
      [Symbol('key')]: 1,
      10: 'integer keys first',
    }
    for (const size of [1, 7, 1 << 16]) expect(written(value, size).text).toBe(JSON.stringify(value))
    expect(jsonPieces([undefined], () => undefined)).toBe('[null]')
    expect(jsonPieces('строка', () => undefined)).toBe('"строка"')
  })

  it('sends a session table column by column: pieces as they are made, small answers whole', () => {
    const count = 5000
    const table = {
      ok: true,
      value: {
        sessions: {
          count,
          columns: {
            session: Array.from({ length: count }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`),
            userName: Array.from({ length: count }, (_, i) => `Петрова ${i}`),
            callsAll: Array.from({ length: count }, (_, i) => i * 7),
          },
        },
      },
    }
    const big = written(table, 64 * 1024)
    expect(big.text).toBe(JSON.stringify(table))
    expect(big.pieces).toBeGreaterThanOrEqual(2)
    expect(written({ ok: true, value: [1, 2, 3] }, 64 * 1024)).toEqual({
      text: '{"ok":true,"value":[1,2,3]}',
      pieces: 0,
    })
  })

  it('refuses a cycle as JSON.stringify does', () => {
    const a: Record<string, unknown> = { list: [] }
    ;(a.list as unknown[]).push({ back: a })
    expect(() => jsonPieces(a, () => undefined)).toThrow(TypeError)
    expect(() => JSON.stringify(a)).toThrow(TypeError)
  })
})
