/**
 * The exceptions a real `ras` sends, with its classes and Russian texts (docs/protocol.md §3.3, §3.4, §9.4).
 * Handlers throw a SimulatorFault carrying one; the server turns it into an EXCEPTION reply.
 */
import { exception, type ServerException } from '../ras/frames'
import { SERVICE_NAME } from '../ras/messages'

const CLUSTER_CLASS = `${SERVICE_NAME}#`

export class SimulatorFault extends Error {
  constructor(readonly exception: ServerException) {
    super(exception.message)
    this.name = 'SimulatorFault'
  }
}

function fault(name: string, message: string): SimulatorFault {
  return new SimulatorFault(exception(CLUSTER_CLASS + name, message))
}

export const Faults = {
  authFailed: () => fault('Failure', 'Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'),
  /** A cluster request on an endpoint that has not authenticated to that cluster. */
  clusterRights: () => fault('Rights', 'Ошибка операции администрирования\nНедостаточно прав пользователя на кластер'),
  infobaseRights: (infobaseName: string) =>
    fault('Rights', `Недостаточно прав пользователя на информационную базу ${infobaseName}`),
  clusterNotFound: () => fault('ClusterNotFound', 'Кластер с указанным идентификатором не найден'),
  infobaseNotFound: () => fault('InfoBaseNotFound', 'Информационная база с указанным идентификатором не найдена'),
  sessionNotFound: () => fault('SessionNotFound', 'Сеанс с указанным идентификатором не найден'),
  connectionNotFound: () => fault('ConnectionNotFound', 'Соединение с указанным идентификатором не найдено'),
  clientNotFound: (connection: string) => fault('ClientNotFound', `Соединение ${connection} не найдено`),
  /** Anything the simulator cannot do; real servers use this class for internal errors. */
  unknown: (message: string) => new SimulatorFault(exception('swp.UnknownThrowable', message)),
}

/** The ENDPOINT_FAILURE exception for a service or version the server does not offer (docs/protocol.md §3.4). */
export function unsupportedService(service: string, version: string, supported: readonly string[]): ServerException {
  return exception(
    'swp.Endpoint',
    'Ошибка точки подключения',
    exception(
      'v8.service.UnsupportedService',
      `Сервис не поддерживается\n[name='${service}', version='${version}', supported=${supported.join(',')}]`,
    ),
  )
}
