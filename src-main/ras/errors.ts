/**
 * Every failure of the RAS layer is a RasError with a kind. Callers switch on `kind`, never on
 * message text; the server's own class and message are kept verbatim for the user to read.
 */
export type RasErrorKind =
  | 'network' // connect refused, reset, closed, DNS
  | 'timeout' // connect or request took longer than allowed
  | 'protocol' // malformed or unexpected bytes: a bug or not a RAS server
  | 'auth' // wrong cluster/agent administrator credentials
  | 'not-found' // session, infobase, cluster or connection does not exist
  | 'rights' // authenticated, but not allowed (e.g. infobase admin missing)
  | 'unsupported-version' // no service version both sides know
  | 'server' // any other exception the server sent

export type NotFoundSubject = 'session' | 'infobase' | 'cluster' | 'connection'

export interface RasErrorDetails {
  /** Exception class as sent by the server, e.g. `v8.service.Admin.Cluster#Failure`. */
  serverClass?: string
  /** Exception message as sent by the server (may be Russian, may contain newlines). */
  serverMessage?: string
  notFound?: NotFoundSubject
  cause?: unknown
}

export class RasError extends Error {
  readonly kind: RasErrorKind
  readonly serverClass?: string
  readonly serverMessage?: string
  readonly notFound?: NotFoundSubject

  constructor(kind: RasErrorKind, message: string, details: RasErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'RasError'
    this.kind = kind
    this.serverClass = details.serverClass
    this.serverMessage = details.serverMessage
    this.notFound = details.notFound
  }
}

/** Malformed input: thrown by the codec and the framing layer. */
export function protocolError(message: string, cause?: unknown): RasError {
  return new RasError('protocol', message, { cause })
}

export function isRasError(e: unknown): e is RasError {
  return e instanceof RasError
}
