/**
 * `npm run web`: the app in a browser. Starts the preview server on 127.0.0.1 with the real
 * main-process services, and an embedded demo cluster unless `--no-demo`.
 */
import { parseArgs } from 'node:util'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { HISTORY_FILE_NAME } from '../history/history-port'
import { openHistoryForApp } from '../history/history-file'
import { createServices, openConfStore } from '../services'
import { createApi } from '../api'
import { createEmbeddedDemo } from '../demo'
import { defaultUserDataDir } from '../paths'
import { MemorySecretBox } from './memory-secret-box'
import { startPreviewServer, type PreviewServer } from './server'

const USAGE = `Usage: npm run web -- [--port N] [--no-demo] [--data-dir DIR]

  --port N         listen on 127.0.0.1:N (default: a free port)
  --no-demo        do not start the embedded demo cluster
  --data-dir DIR   where profiles and the audit log are kept
                   (default: <user data>/web-preview, separate from the desktop app)
`

function rendererDir(): string {
  const candidates = [resolve(import.meta.dirname, '../renderer'), resolve(import.meta.dirname, '../../out/renderer')]
  const found = candidates.find((d) => existsSync(join(d, 'index.html')))
  if (!found) throw new Error('the renderer is not built: run "npm run build" first')
  return found
}

async function main(): Promise<void> {
  let args
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (args.help) {
    process.stdout.write(USAGE)
    return
  }
  const port = args.port === undefined ? 0 : Number(args.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535\n\n${USAGE}`)
    process.exit(2)
  }
  const dataDir = resolve(args['data-dir'] ?? join(defaultUserDataDir(), 'web-preview'))
  mkdirSync(dataDir, { recursive: true })

  const log = (line: string) => process.stderr.write(`${line}\n`)
  const demo = args['no-demo'] ? undefined : createEmbeddedDemo({ history: () => services.history.store(), log })
  const services = createServices({
    openStore: openConfStore(dataDir),
    secretBox: new MemorySecretBox(),
    auditFile: join(dataDir, 'audit.jsonl'),
    alertsFile: join(dataDir, 'alerts.jsonl'),
    demo,
    openHistory: () => openHistoryForApp(join(dataDir, HISTORY_FILE_NAME), (line) => process.stderr.write(`${line}\n`)),
    backgroundHistory: true, // profiles marked "Record history", even with no tab open
  })
  let server: PreviewServer | null = null
  const api = createApi(services, (event) => server?.emit(event))
  server = await startPreviewServer({ api, staticDir: rendererDir(), port })

  if (demo) {
    const created = await api.createDemoProfile()
    if (!created.ok) process.stderr.write(`demo cluster: ${created.error.message}\n`)
  }
  process.stdout.write(
    `ClusterDesk preview: ${server.url}\n` +
      `  profiles: ${dataDir}\n` +
      `  ${demo ? 'demo cluster: running (profile "Demo")' : 'demo cluster: off'}\n` +
      `  Ctrl+C stops it.\n`,
  )

  const stop = async () => {
    await server?.close()
    await services.dispose() // also stops the demo cluster
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  process.stderr.write(`ClusterDesk preview failed to start: ${(e as Error).message}\n`)
  process.exit(1)
})
