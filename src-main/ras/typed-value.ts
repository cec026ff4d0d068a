/** The values of parameter maps: a tag byte, then the value (docs/protocol.md §2.4, §2.6). */

/** Typed-value tags of parameter maps (docs/protocol.md §2.4). */
export const TypeTag = {
  Boolean: 1,
  Byte: 2,
  Short: 3,
  Int: 4,
  Long: 5,
  Float: 6,
  Double: 7,
  Size: 8,
  NullableSize: 9,
  String: 10,
  Uuid: 11,
  Type: 12,
  EndpointId: 13,
} as const
type Tags = typeof TypeTag

export type TypedValue =
  | { tag: Tags['Boolean']; value: boolean }
  | { tag: Tags['Byte'] | Tags['Type']; value: number }
  | { tag: Tags['Short'] | Tags['Int'] | Tags['Long']; value: number }
  | { tag: Tags['Float'] | Tags['Double']; value: number }
  | { tag: Tags['Size']; value: number }
  | { tag: Tags['NullableSize'] | Tags['EndpointId']; value: number | null }
  | { tag: Tags['String']; value: string | null }
  | { tag: Tags['Uuid']; value: string }

/** `null` is the null map (`80`); an empty object is written as `80` too, like rac. */
export type ParamMap = Record<string, TypedValue> | null
