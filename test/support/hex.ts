/** Builds buffers from spec-style hex dumps: hex byte pairs and "quoted" UTF-8 strings. */
export function hex(...parts: Array<string | number[] | Buffer>): Buffer {
  const out: Buffer[] = []
  for (const part of parts) {
    if (Buffer.isBuffer(part)) out.push(part)
    else if (Array.isArray(part)) out.push(Buffer.from(part))
    else {
      const re = /"((?:[^"\\]|\\.)*)"|([0-9a-fA-F]{2})/g
      let m: RegExpExecArray | null
      while ((m = re.exec(part))) {
        if (m[1] !== undefined) out.push(Buffer.from(JSON.parse(`"${m[1]}"`) as string, 'utf8'))
        else out.push(Buffer.from([parseInt(m[2]!, 16)]))
      }
    }
  }
  return Buffer.concat(out)
}

/** A string field as the wire has it: nsize length + UTF-8 (lengths < 64 are one byte). */
export function wireStr(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8')
  const n = bytes.length
  const len = n < 64 ? Buffer.from([n]) : n < 8192 ? Buffer.from([0x40 | (n & 0x3f), n >> 6]) : null
  if (!len) throw new Error('string too long for this helper')
  return Buffer.concat([len, bytes])
}
