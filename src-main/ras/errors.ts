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
  /** Where it happened, added by the connection: `host:port`, request name, service version. */
  context?: RasErrorContext
}

export interface RasErrorContext {
  /** `host:port` of the RAS server. */
  server: string
  /** The request whose reply failed (e.g. `GET_SESSIONS`), `handshake`, or '' between requests. */
  operation: string
  /** Negotiated service version ("16.0"); "" before negotiation finished. */
  version: string
}

export class RasError extends Error {
  readonly kind: RasErrorKind
  readonly serverClass?: string
  readonly serverMessage?: string
  readonly notFound?: NotFoundSubject
  readonly server?: string
  readonly operation?: string
  readonly version?: string

  constructor(kind: RasErrorKind, message: string, details: RasErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'RasError'
    this.kind = kind
    this.serverClass = details.serverClass
    this.serverMessage = details.serverMessage
    this.notFound = details.notFound
    this.server = details.context?.server
    this.operation = details.context?.operation
    this.version = details.context?.version
  }
}

/**
 * `e` with where it happened. A protocol error's message also names it (the codec only knows an
 * offset); other kinds keep their message, which is the server's own text or already names the
 * server. An error that has its context is returned as is.
 */
export function withContext(e: RasError, context: RasErrorContext): RasError {
  if (e.server !== undefined) return e
  const where =
    context.operation === 'handshake'
      ? `handshake with ${context.server}`
      : `${context.operation ? `${context.operation} reply` : 'no request in flight'} from ${context.server}`
  const version = context.version ? `, service version ${context.version}` : ''
  const message = e.kind === 'protocol' ? `${e.message} (${where}${version})` : e.message
  const copy = new RasError(e.kind, message, {
    serverClass: e.serverClass,
    serverMessage: e.serverMessage,
    notFound: e.notFound,
    cause: e.cause,
    context,
  })
  if (e.stack) copy.stack = e.stack.replace(e.message, message)
  return copy
}

/** Malformed input: thrown by the codec and the framing layer. */
export function protocolError(message: string, cause?: unknown): RasError {
  return new RasError('protocol', message, { cause })
}

export function isRasError(e: unknown): e is RasError {
  return e instanceof RasError
}
