/**
 * Characters a profile name, group or host must not hold: control characters (NUL, ESC and the
 * rest of C0/C1, DEL), which can rewrite a terminal or a log line, and bidirectional overrides /
 * isolates, which make text display as something else than it is. Pure: the profile schema, the
 * host validator and the CLI all check with this one rule.
 */

// C0, DEL, C1; LRE/RLE/PDF/LRO/RLO; LRI/RLI/FSI/PDI.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/** Why `text` cannot be used (e.g. "contains a control character (U+001B)"), or null when it can. */
export function unsafeTextReason(text: string): string | null {
  const m = UNSAFE.exec(text)
  if (!m) return null
  const ch = m[0]
  const code = ch.codePointAt(0)!
  const what = code >= 0x202a ? 'a bidirectional override character' : 'a control character'
  return `contains ${what} (${hex(ch)}); remove it`
}
