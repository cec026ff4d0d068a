/**
 * CSV the way Excel reads it without asking (UTF-8 BOM, every field quoted, CRLF), and the
 * formula-injection guard. One writer for the CLI's --csv and the app's exports; callers choose
 * the separator (`;` where Excel's list separator is, Russian locale) and format the cells.
 */

/**
 * Text starting with = + - @ (or a tab / carriage return) would be run as a formula by Excel and
 * LibreOffice: an apostrophe in front keeps it text. Only for text cells, never for numbers.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function csvField(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

/** Rows of already formatted cells (header first) as a CSV document. */
export function csvDocument(rows: ReadonlyArray<readonly string[]>, separator: string): string {
  return `\uFEFF${rows.map((cells) => cells.map(csvField).join(separator)).join('\r\n')}\r\n`
}
