/**
 * A child process for the audit concurrency test: says "ready", waits for "go" on stdin, then
 * appends `count` entries to the audit file through AuditLog, every 10th one longer than the
 * 512 KiB chunks fs.appendFile writes in.
 */
import { AuditLog } from '../../../src-main/services/audit'

const [file, writer, countText] = process.argv.slice(2)
const count = Number(countText)
const log = new AuditLog(file!, undefined, (line) => process.stderr.write(`${line}\n`))
const big = 'ж'.repeat(300 * 1024) // 600 KB of UTF-8

process.stdout.write('ready\n')
process.stdin.once('data', () => {
  void (async () => {
    for (let i = 0; i < count; i++) {
      await log.record({
        action: 'terminate',
        profile: writer!,
        server: 'srv:1545',
        cluster: '11111111-2222-4333-8444-555555555555',
        message: i % 10 === 0 ? big : `entry ${i}`,
        outcome: `${writer} ${i}`,
      })
    }
    process.exit(0)
  })()
})
