/**
 * Real bytes from docs/protocol.md §9 (captured from rac/ras 8.3.21 and 8.5.1 and a 2020 server), rebuilt
 * field by field from the spec's tables. Offsets in comments are the spec's.
 */
import { hex, wireStr } from './hex'

export const CLUSTER_UUID = '1619820a-d36f-4d8a-a716-1516b1dea077'
export const CLUSTER_BYTES = '16 19 82 0a d3 6f 4d 8a a7 16 15 16 b1 de a0 77'

const LIC_FILE = 'file:///home/alko/.1cv8/1C/1cv8/conf/20250731010119.lic'

/** §9.2: the first SessionInfo record (v16) of the captured `rac session list` reply. */
export const SESSION_V16_FIRST = hex(
  'bc 9e 8f ae 32 f1 4e 90 94 cc 43 12 e6 5c c0 7d', // 6 session
  '08 "Designer"', // 22 app-id
  '00 00 00 00', // 31 blocked-by-dbms
  '00 00 00 00', // 35 blocked-by-ls
  '00 00 00 00 00 01 a3 06', // 39 bytes-all
  '00 00 00 00 00 00 02 ad', // 47 bytes-last-5min
  '00 00 05 30', // 55 calls-all (i32)
  '00 00 00 00 00 00 00 0a', // 59 calls-last-5min (i64)
  'e9 42 f0 e3 99 56 40 25 b4 aa 49 aa e1 43 1a f8', // 67 connection
  '00 00 00 00 00 10 cb 99', // 83 dbms-bytes-all
  '00 00 00 00 00 00 00 00', // 91 dbms-bytes-last-5min
  '00', // 99 db-proc-info
  '00 00 00 00', // 100 db-proc-took
  '00 00 00 00 00 00 00 00', // 104 db-proc-took-at
  '00 00 01 e6', // 112 duration-all
  '00 00 00 54', // 116 duration-all-dbms
  '00 00 00 00', // 120 duration-current
  '00 00 00 00', // 124 duration-current-dbms
  '00 00 00 00 00 00 00 11', // 128 duration-last-5min
  '00 00 00 00 00 00 00 00', // 136 duration-last-5min-dbms
  '09 "alko-home"', // 144 host
  '71 7b dd a7 2f 60 45 77 b2 62 f1 fc 8c 0e 47 2c', // 154 infobase
  '00 02 45 3c a9 80 8d b0', // 170 last-active-at
  '00', // 178 hibernate
  '00 00 04 b0', // 179 passive-session-hibernate-time
  '00 01 51 80', // 183 hibernate-session-terminate-time
  '01', // 187 licenses count
  wireStr(LIC_FILE), // 188 full-name
  wireStr(`Клиент, 1293618, 500000125530 4 4 01.03.2026 19:22:00 (UTC), ${LIC_FILE}`), // 244 full-presentation
  '00', // 368 issued-by-server
  '00 00 00 00', // 369 license-type
  '00 00 00 04', // 373 max-users-all
  '00 00 00 04', // 377 max-users-cur
  '00', // 381 net
  '00', // 382 rmngr-address
  '07 "1293618"', // 383 rmngr-pid
  '00 00 00 00', // 391 rmngr-port
  '0c "500000125530"', // 395 series
  wireStr('Клиент, 500000125530 4 4'), // 408 short-presentation
  '05 "ru_RU"', // 439 locale
  '03 99 13 3a 6d 5d 4f b0 90 29 d2 40 c8 e0 77 63', // 445 process
  '00 00 00 01', // 461 session-id
  '00 02 45 3c a7 3c 43 00', // 465 started-at
  '06 "iadmin"', // 473 user-name
  '00 00 00 00 00 00 00 00', // 480 memory-current
  '00 00 00 00 00 06 54 97', // 488 memory-last-5min
  '00 00 00 00 00 6d 52 ca', // 496 memory-total
  '00 00 00 00 00 00 00 00', // 504 read-current
  '00 00 00 00 00 00 00 00', // 512 read-last-5min
  '00 00 00 00 00 04 5b 02', // 520 read-total
  '00 00 00 00 00 00 00 00', // 528 write-current
  '00 00 00 00 00 00 00 00', // 536 write-last-5min
  '00 00 00 00 00 05 8f 58', // 544 write-total
  '00 00 00 00', // 552 duration-current-service
  '00 00 00 00 00 00 00 0f', // 556 duration-last-5min-service
  '00 00 00 bc', // 564 duration-all-service
  '00', // 568 current-service-name
  '00 00 00 00 00 00 00 00', // 569 cpu-time-current
  '00 00 00 00 00 00 00 08', // 577 cpu-time-last-5min
  '00 00 00 00 00 00 00 f4', // 585 cpu-time-total
  '02 27 27', // 593 data-separation "''"
  '09 "127.0.0.1"', // 596 client-ip
) // ends at 606

/** §9.3: ClusterInfo list reply, v11 (envelope included). */
export const CLUSTER_LIST_V11 = hex(
  '01 00 00 01 0c 01',
  CLUSTER_BYTES,
  '00 00 00 3c',
  '09 "alko-home"',
  '00 00 00 00',
  '06 05',
  '00 00 00 00 00 00 00 00',
  wireStr('Локальный кластер'),
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
  '01 00',
)

/** §9.3: the v16 tail after the kill flags. */
export const CLUSTER_V16_TAIL = hex('00 00 00 01 00 00 00 00 00 00 00 00 00 00')

/** §9.4: reply to AUTHENTICATE with a wrong password (whole packet). */
export const AUTH_FAILURE_PACKET = hex(
  '0e bb 01 01 00 00 ff',
  '20 "v8.service.Admin.Cluster#Failure"',
  wireStr('Ошибка операции администрирования\nАдминистратор кластера не аутентифицирован'),
  '00 80',
)

/** §9.4: reply to TERMINATE_SESSION for a session that is gone (whole packet). */
export const SESSION_NOT_FOUND_PACKET = hex(
  '0e 82 01 01 00 00 ff',
  '28 "v8.service.Admin.Cluster#SessionNotFound"',
  wireStr('Сеанс с указанным идентификатором не найден'),
  '00 80',
)

/** §9.5: the first ConnectionShort of a v9 connection list. */
export const CONNECTION_V9_FIRST = hex(
  '81 15 d0 86 8d 2d 46 2c b9 1f 28 75 80 56 c7 7d',
  '05 "1CV8C"',
  '00 00 00 00',
  '00 02 43 b1 0f bf c6 00',
  '00 00 2b 36',
  '0e "srv-uk-term-13"',
  '38 8e 8e fd 41 49 4d 5e 88 fa 2e 6e 20 ef 7c 98',
  '87 5e 50 17 bd db 42 91 9a c9 6c 19 18 12 11 50',
  '00 00 00 00',
)

/** §9.6: the fields InfobaseInfo v16 and UPDATE_INFOBASE v11 share, infobase id to permission code. */
const INFOBASE_HEAD = hex(
  '71 7b dd a7 2f 60 45 77 b2 62 f1 fc 8c 0e 47 2c',
  '00 00 00 00',
  '0a "PostgreSQL" 07 "yaxunit" 03 ef bf bd 09 "localhost" 08 "postgres"',
  '00 02 45 3c 03 b5 78 00',
  '07 "Message" 09 "PARAMETER"',
  '00 02 46 4a fc 12 40 00',
  '0b "Description" 05 "ru_RU" 07 "yaxunit" 04 "CODE"',
)

/** §9.6: InfobaseInfo v16 as reconstructed from the decoded capture. */
export const INFOBASE_V16 = hex(
  INFOBASE_HEAD,
  '00 | 00 00 00 00 | 00 | 00 00 00 01 | 00 | 00 | 00 | 00 | 00',
  '00 | 00 00 03 e7 | 00 00 03 78 | 00 00 03 09',
)

/** §9.6: constructed UPDATE_INFOBASE (v11) with sessions-deny on (whole packet). */
export const UPDATE_INFOBASE_V11_PACKET = hex(
  '0e a3 01',
  '01 00 00 01 28',
  CLUSTER_BYTES,
  INFOBASE_HEAD,
  '00 00 00 00 00 01 00 00 00 01 00 00 00 00 00',
)

// --- §9.8: the records around a session, constructed from the layouts of §6.7–§6.11 ------------
// Not captured byte for byte: rebuilt from the field tables with ids and values of the captures
// above (the captured session's connection and process), so the layouts are pinned per version.

export const INFOBASE_BYTES = '71 7b dd a7 2f 60 45 77 b2 62 f1 fc 8c 0e 47 2c'
export const SESSION_BYTES = 'bc 9e 8f ae 32 f1 4e 90 94 cc 43 12 e6 5c c0 7d'
const CONNECTION_BYTES = 'e9 42 f0 e3 99 56 40 25 b4 aa 49 aa e1 43 1a f8'
const PROCESS_BYTES = '03 99 13 3a 6d 5d 4f b0 90 29 d2 40 c8 e0 77 63'
const MANAGER_BYTES = '6f 2c 1a 90 3b 7d 4e 21 9c 0f 5a 1e 2d 3c 4b 5a'

/** §9.8: one LockInfo (the same at every version): a shared infobase lock of the captured session. */
export const LOCK_RECORD = hex(
  CONNECTION_BYTES,
  wireStr('ИБ(соединение ,yaxunit,разделяемая)'),
  '00 02 45 3c a9 80 8d b0', // locked-at 2026-02-26 05:15:55
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', // object: none
  SESSION_BYTES,
)

/** §9.8: one ServiceInfo (the same at every version). */
export const SERVICE_RECORD = hex(
  '0f "EventLogService"',
  wireStr('Сервис журналов регистрации'),
  '00 00 00 00', // main-only: no
  '01',
  MANAGER_BYTES,
)

/** §9.8: one ProcessInfo without licences; the same at 9, 10, 11 and 16 (reserve is v ≥ 9). */
export const PROCESS_RECORD = hex(
  PROCESS_BYTES,
  '00 00 00 00 00 00 00 00', // avg-back-call-time 0
  '40 29 00 00 00 00 00 00', // avg-call-time 12.5
  '00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00', // db, lock, server
  '3f f0 00 00 00 00 00 00', // avg-threads 1.0
  '00 00 03 e8 | 00 00 00 02', // capacity 1000, connections 2
  '09 "alko-home" 01 00', // host, enable, no licences
  '06 18 | 00 00 00 00 | 00 06 4a b9', // port 1560, memory-excess-time 0, memory-size 412345
  '07 "1293618" | 00 00 00 01 | 00 00 04 d2', // pid, running, selection-size 1234
  '00 02 45 3c a7 3c 43 00', // started-at 2026-02-26 04:12:32
  '00 00 00 01 | 00 00 00 fa | 00', // use, available-performance 250, reserve no
)

/** §9.8: one ServerInfo up to field 13 (all versions), then what 8, 11 and 16 append. */
export const SERVER_RECORD_HEAD = hex(
  '5b 0e 9c 1d 2a 3b 4c 5d 8e 9f a0 b1 c2 d3 e4 f5',
  '09 "alko-home" 06 04', // agent-host, agent-port 1540
  wireStr('Центральный сервер'),
  '01', // main-server
  '00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00', // safe-wp-memory-limit, safe-call-memory-limit
  '00 00 00 08 | 00 00 00 00 00 00 00 00 | 00 00 01 00', // infobases-limit 8, memory-limit, connections-limit 256
  '06 05 00', // cluster-port 1541, dedicate-managers no
  '01 06 37 06 18', // one port range 1591–1560 (high, low)
)
export const SERVER_V8_FIELDS = hex('00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 01 2c')
export const SERVER_V11_FIELDS = hex('00') // service-principal-name ""
export const SERVER_V16_FIELDS = hex('00 00') // restart-schedule "", the unknown byte

/** §9.8: the three requests the simulator learned (whole packets, service 16.0). */
export const CLUSTER_SERVICES_PACKET = hex('0e 15 01 00 00 01 23', CLUSTER_BYTES)
export const UPDATE_INFOBASE_SHORT_PACKET = hex(
  '0e 32 01 00 00 01 27',
  CLUSTER_BYTES,
  INFOBASE_BYTES,
  '0b "Description" 00',
)
export const SESSION_LOCKS_PACKET = hex('0e 35 01 00 00 01 4e', CLUSTER_BYTES, INFOBASE_BYTES, SESSION_BYTES)
