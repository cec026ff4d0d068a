#!/usr/bin/env node
// The `clusterdesk` command: the built CLI (npm run build writes out/node/cli.js).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/node/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('clusterdesk is not built yet: run "npm run build" in the ClusterDesk folder first.\n')
  process.exit(1)
}
await import(cli)
