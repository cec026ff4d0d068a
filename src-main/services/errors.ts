/**
 * Typed failures of the services and their one mapping to the contract's ApiError (docs/architecture.md §3.4
 * "Every failure is typed"). Messages never contain passwords or stack traces.
 */
import type { ApiError, ErrorCode } from '../../src-shared/contract'
import { RasError } from '../ras/errors'
import { SecretUnavailableError } from './ports'

export interface ServiceErrorDetails {
  serverMessage?: string
  serverClass?: string
  subject?: ApiError['subject']
  cause?: unknown
}

/** A failure the services raise themselves (not from the wire), already in contract terms. */
export class ServiceError extends Error {
  readonly code: ErrorCode
  readonly serverMessage?: string
  readonly serverClass?: string
  readonly subject?: ApiError['subject']

  constructor(code: ErrorCode, message: string, details: ServiceErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'ServiceError'
    this.code = code
    this.serverMessage = details.serverMessage
    this.serverClass = details.serverClass
    this.subject = details.subject
  }
}

export function notFound(subject: NonNullable<ApiError['subject']>, id: string): ServiceError {
  return new ServiceError('NOT_FOUND', `${subject} ${id} not found`, { subject })
}

const KIND_TO_CODE: Record<RasError['kind'], ErrorCode> = {
  network: 'NETWORK',
  timeout: 'TIMEOUT',
  protocol: 'PROTOCOL',
  auth: 'AUTH',
  'not-found': 'NOT_FOUND',
  rights: 'RIGHTS',
  'unsupported-version': 'UNSUPPORTED_VERSION',
  server: 'SERVER',
}

/** Any thrown value → ApiError. Unknown exceptions become INTERNAL without their details. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ServiceError) {
    return withServer({ code: e.code, message: e.message, subject: e.subject }, e.serverMessage, e.serverClass)
  }
  if (e instanceof RasError) {
    const error: ApiError = { code: KIND_TO_CODE[e.kind], message: e.message }
    if (e.kind === 'not-found' && e.notFound) error.subject = e.notFound
    return withServer(error, e.serverMessage, e.serverClass)
  }
  if (e instanceof SecretUnavailableError) {
    return { code: 'SECRET_UNAVAILABLE', message: 'the saved password cannot be decrypted here; enter it again' }
  }
  return { code: 'INTERNAL', message: 'internal error in ClusterDesk' }
}

function withServer(error: ApiError, serverMessage?: string, serverClass?: string): ApiError {
  if (error.subject === undefined) delete error.subject
  if (serverMessage !== undefined) error.serverMessage = serverMessage
  if (serverClass !== undefined) error.serverClass = serverClass
  return error
}

/** One line for logs and the CLI: the server's own words when it sent any. */
export function describeError(e: ApiError): string {
  if (e.serverMessage) return e.serverMessage.replace(/\s*\n\s*/g, ': ')
  return e.message
}
