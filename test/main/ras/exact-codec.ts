/** Encoding into a fresh Writer and decoding that must consume every byte (docs/protocol.md §6.13). */
import { Reader, Writer } from '../../../src-main/ras/codec'
import { decodeRecord, type RecordDef, type RecordValue } from '../../../src-main/ras/record'

/** The bytes `write` puts into a fresh Writer, copied out of it. */
export function encoded(write: (w: Writer) => unknown): Buffer {
  const w = new Writer(4)
  write(w)
  return Buffer.from(w.bytes())
}

/** Decodes `bytes` with `read` and checks that every byte was consumed. */
export function decodedExactly<T>(bytes: Buffer, read: (r: Reader) => T, what = 'value'): T {
  const r = new Reader(bytes)
  const v = read(r)
  r.expectEnd(what)
  return v
}

/** The primitive types a Reader and a Writer both have a method for (docs/protocol.md §2). */
type Primitive = 'bool' | 'u8' | 'i16' | 'u16' | 'i32' | 'i64' | 'f32' | 'f64' | 'size' | 'nsize' | 'str' | 'uuid'

/** `value` written as `type` and read back, every byte consumed. */
export function roundTripped<K extends Primitive>(type: K, value: Parameters<Writer[K]>[0]): ReturnType<Reader[K]> {
  const write = Writer.prototype[type] as (this: Writer, v: unknown) => Writer
  const read = Reader.prototype[type] as (this: Reader) => ReturnType<Reader[K]>
  return decodedExactly(
    encoded((w) => write.call(w, value)),
    (r) => read.call(r),
  )
}

/** One record decoded from exactly `bytes` at service version `version`. */
export function decodedRecord<R extends RecordDef>(bytes: Buffer, record: R, version: number): RecordValue<R> {
  return decodedExactly(bytes, (r) => decodeRecord(r, record, version), record.name)
}
