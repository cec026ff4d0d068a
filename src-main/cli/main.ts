/**
 * `clusterdesk` — the command line over the same services as the app. Built to
 * out/node/cli.js (bin/clusterdesk.mjs, `npm run --silent cli -- …`); from the sources, slower to
 * start: `npm run --silent cli:dev -- …`.
 */
import { promptHidden } from './prompt'
import { CliFailure } from './failure'
import { runCli } from './run'

// `clusterdesk sessions --json | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

const ask = process.stdin.isTTY
  ? async (question: string) => {
      try {
        return await promptHidden(question)
      } catch {
        throw new CliFailure('cancelled')
      }
    }
  : null

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  prompt: ask,
})
