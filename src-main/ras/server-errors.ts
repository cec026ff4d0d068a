/** Maps the exceptions a RAS server sends (docs/protocol.md §3.3) to RasError kinds. */
import { RasError, type NotFoundSubject } from './errors'
import type { ServerException } from './frames'

const NOT_FOUND: Record<string, NotFoundSubject> = {
  SessionNotFound: 'session',
  InfoBaseNotFound: 'infobase',
  InfobaseNotFound: 'infobase',
  ClusterNotFound: 'cluster',
  ConnectionNotFound: 'connection',
  ClientNotFound: 'connection',
}

/** Request codes whose #Failure means "wrong credentials". */
const AUTH_REQUESTS = new Set([8, 9, 10])

export function errorFromServerException(e: ServerException, requestCode: number): RasError {
  const name = e.class.includes('#') ? e.class.slice(e.class.indexOf('#') + 1) : ''
  const details = { serverClass: e.class, serverMessage: e.message }
  const subject = NOT_FOUND[name]
  if (subject) return new RasError('not-found', e.message, { ...details, notFound: subject })
  if (name === 'Rights' || /Недостаточно прав|insufficient rights/i.test(e.message)) {
    return new RasError('rights', e.message, details)
  }
  if (
    name === 'Failure' &&
    (AUTH_REQUESTS.has(requestCode) || /не аутентифицирован|not authenticated/i.test(e.message))
  ) {
    return new RasError('auth', e.message, details)
  }
  return new RasError('server', e.message, details)
}
