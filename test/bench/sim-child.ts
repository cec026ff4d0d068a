/** Child-process entry of sim-host.ts: reads the specs on stdin, prints the addresses as one JSON line. */
import { startInProcess, type SimSpec } from './sim-host'

let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => (input += chunk))
process.stdin.on('end', () => {
  void (async () => {
    const host = await startInProcess(JSON.parse(input) as SimSpec[])
    process.stdout.write(`${JSON.stringify({ sims: host.sims })}\n`)
    process.on('SIGTERM', () => {
      void host.stop().finally(() => process.exit(0))
    })
  })()
})
