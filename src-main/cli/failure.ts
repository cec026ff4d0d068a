/** How a failed command is worded: one line on stderr, the server's own words when it sent any. */
import { describeError, toApiError } from '../services/errors'

/** A failure the CLI words itself (printed as is). */
export class CliFailure extends Error {}

export function failureLine(e: unknown): string {
  if (e instanceof CliFailure) return e.message
  const error = toApiError(e)
  const text = describeError(error)
  switch (error.code) {
    case 'AUTH':
      return `cluster administrator login refused: ${text}`
    case 'INFOBASE_AUTH_REQUIRED':
      return `infobase administrator login needed (--infobase-user/--infobase-pwd): ${text}`
    case 'INTERNAL':
      return `internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`
    default:
      return text
  }
}
