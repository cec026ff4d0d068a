#!/usr/bin/env node
// The `clusterdesk` command (and `npm run cli`): the built CLI, which `npm run build` or, in a few
// seconds, `npm run build:node` writes to out/node/cli.js. `npm run cli:dev` runs the sources instead.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/node/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write(
    'clusterdesk is not built yet: run "npm run build:node" (or "npm run build") in the ClusterDesk folder first.\n',
  )
  process.exit(1)
}
await import(cli)
