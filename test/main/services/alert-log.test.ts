/**
 * The alert file with real files and the real services: what the watch emitted comes back at the
 * next start, damaged lines are skipped and counted, the file is cut back to the newest alerts
 * without losing what is written after, and a second process appending meanwhile loses nothing.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { open, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { AlertLog, ALERTS_KEPT } from '../../../src-main/services/alert-log'
import { createServices, openConfStore } from '../../../src-main/services'
import { sampleAlert } from './alert-sample'
import { fakeSecretBox, tempDirEachTest } from './support'

const ROOT = join(import.meta.dirname, '../../..')

let dir = ''
tempDirEachTest((d) => (dir = d))
const alertsFile = () => join(dir, 'alerts.jsonl')

/** The real services on `dir`, as the app starts them; `logged` collects their log. */
function start(logged: string[] = []) {
  return createServices({
    openStore: openConfStore(dir),
    secretBox: fakeSecretBox(),
    auditFile: join(dir, 'audit.jsonl'),
    alertsFile: alertsFile(),
    log: (line) => logged.push(line),
  })
}

const line = (a: WatchAlert) => JSON.stringify(a)
const alerts = (from: number, to: number, prefix = 'a') =>
  Array.from({ length: to - from }, (_, k) => sampleAlert(`${prefix}${from + k}`, from + k))

async function fileIds(): Promise<string[]> {
  const text = await readFile(alertsFile(), 'utf8')
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as WatchAlert).id)
}

describe('AlertLog: what is written', () => {
  it('one line per alert, in order, with only the alert’s own fields', async () => {
    const log = new AlertLog(alertsFile())
    const [a, b] = alerts(0, 2)
    const extra = { ...a!, password: 'secret', subject: { ...a!.subject, note: 'x' } } as WatchAlert
    void log.append(extra)
    await log.append(b!)
    expect(await readFile(alertsFile(), 'utf8')).toBe(`${line(a!)}\n${line(b!)}\n`)
  })

  it('a line that went to a file replaced under it (a compaction elsewhere) is written again to the new one', async () => {
    await writeFile(alertsFile(), '')
    const probe = await open(alertsFile(), 'r')
    const handles = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> }
    await probe.close()
    const write = handles.write
    let compacted = false
    // Latency only: the real write, after another process's compaction replaced the file.
    const slow = vi.spyOn(handles, 'write').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      if (!compacted) {
        compacted = true
        writeFileSync(`${alertsFile()}.tmp`, 'kept\n')
        renameSync(`${alertsFile()}.tmp`, alertsFile())
      }
      return write.apply(this, args)
    })
    const a = sampleAlert('a', 0)
    try {
      await new AlertLog(alertsFile()).append(a)
    } finally {
      slow.mockRestore()
    }
    expect(compacted).toBe(true)
    expect(await readFile(alertsFile(), 'utf8')).toBe(`kept\n${line(a)}\n`)
  })

  it('a write that fails is logged and the next ones still go out', async () => {
    const logged: string[] = []
    await writeFile(join(dir, 'not-a-folder'), '')
    const log = new AlertLog(join(dir, 'not-a-folder', 'alerts.jsonl'), (l) => logged.push(l))
    await expect(log.append(sampleAlert('x', 0))).resolves.toBeUndefined()
    expect(logged).toEqual([expect.stringMatching(/^alerts: cannot write .*not-a-folder.*alerts\.jsonl: /)])
  })
})

describe('AlertLog at start', () => {
  it('damaged lines in the middle are skipped, counted and logged; the rest come back newest first', async () => {
    const [a0, a1, a2, a3, a4] = alerts(0, 5)
    await writeFile(
      alertsFile(),
      [
        line(a0!),
        line(a1!).slice(0, 60), // torn
        JSON.stringify({ ...a2, severity: 'urgent' }), // hand-edited
        JSON.stringify({ ...a2, at: 'yesterday' }),
        '[1,2]', // not an alert
        '"fired"',
        '{}',
        line(a3!),
        JSON.stringify({ ...a4, note: 'added by hand' }), // an unknown key is dropped, the alert kept
        '',
      ].join('\n'),
    )
    const logged: string[] = []
    const services = start(logged)
    expect(services.watch.state().recent).toEqual([a4, a3, a0])
    expect(Object.keys(services.watch.state().recent[0]!)).not.toContain('note')
    expect(logged).toContain(`alerts: skipped 6 damaged line(s) in ${alertsFile()}`)
    await services.dispose()
    const log = new AlertLog(alertsFile())
    expect(log.restore()).toHaveLength(3)
    expect(log.lastRead).toEqual({ skipped: 6, compacted: false })
  })

  it('a restored alert that fired and never cleared is history, not open', async () => {
    const fired = sampleAlert('open-one', 0)
    expect(fired.state).toBe('fired')
    await writeFile(alertsFile(), `${line(fired)}\n`)
    const services = start()
    expect(services.watch.state()).toEqual({ current: [], recent: [fired] })
    await services.dispose()
  })

  it('up to twice the kept number of lines, the file is left as it is', async () => {
    const text = alerts(0, 2 * ALERTS_KEPT)
      .map((a) => `${line(a)}\n`)
      .join('')
    await writeFile(alertsFile(), text)
    const log = new AlertLog(alertsFile())
    expect(log.restore().map((a) => a.id)).toEqual(
      alerts(ALERTS_KEPT, 2 * ALERTS_KEPT)
        .map((a) => a.id)
        .reverse(),
    )
    expect(log.lastRead.compacted).toBe(false)
    expect(await readFile(alertsFile(), 'utf8')).toBe(text)
  })

  it('a longer file is cut back to the newest kept alerts; those written after are all kept', async () => {
    const total = 2 * ALERTS_KEPT + 200
    const body = alerts(0, total).map(line)
    body.splice(total - 10, 0, '{"torn', '') // damaged lines go; blank ones are not alerts
    // What a compaction that crashed before its rename left: ignored, then removed.
    await writeFile(join(dir, 'alerts.jsonl.0f0e-crashed.tmp'), body.slice(0, 3).join('\n'))
    await writeFile(alertsFile(), body.join('\n') + '\n')
    const logged: string[] = []
    const services = start(logged)
    const newest = alerts(total - ALERTS_KEPT, total)
    expect(services.watch.state().recent.map((a) => a.id)).toEqual(newest.map((a) => a.id).reverse())
    expect(logged).toContain(
      `alerts: cut ${alertsFile()} back to the newest ${ALERTS_KEPT} alerts (1 damaged line(s) dropped)`,
    )
    expect(await readFile(alertsFile(), 'utf8')).toBe(newest.map((a) => `${line(a)}\n`).join(''))
    expect(readdirSync(dir).filter((n) => n.startsWith('alerts'))).toEqual(['alerts.jsonl'])
    await services.dispose()

    const after = alerts(total, total + 30)
    const log = new AlertLog(alertsFile())
    for (const a of after) void log.append(a)
    await log.written()
    const again = new AlertLog(alertsFile())
    expect(
      again
        .restore()
        .slice(0, 31)
        .map((a) => a.id),
    ).toEqual([...newest.slice(-1), ...after].map((a) => a.id).reverse())
    expect(again.lastRead).toEqual({ skipped: 0, compacted: false })
    expect(await fileIds()).toEqual([...newest, ...after].map((a) => a.id))
  })

  it('while another process compacts (its lock), a start reads without cutting back; a lock left behind is removed', async () => {
    const text = alerts(0, 2 * ALERTS_KEPT + 1)
      .map((a) => `${line(a)}\n`)
      .join('')
    await writeFile(alertsFile(), text)
    const lock = `${alertsFile()}.compacting`
    await writeFile(lock, '')
    const logged: string[] = []
    expect(new AlertLog(alertsFile(), (l) => logged.push(l)).restore()).toHaveLength(ALERTS_KEPT)
    expect(await readFile(alertsFile(), 'utf8')).toBe(text)
    expect(existsSync(lock)).toBe(true)

    const hourAgo = new Date(Date.now() - 3600_000)
    await utimes(lock, hourAgo, hourAgo)
    new AlertLog(alertsFile(), (l) => logged.push(l)).restore()
    expect(existsSync(lock)).toBe(false)
    expect(logged).toEqual([`alerts: removed a compaction lock left by a stopped process (${lock})`])
    const log = new AlertLog(alertsFile())
    log.restore()
    expect(log.lastRead.compacted).toBe(true)
    expect(await fileIds()).toHaveLength(ALERTS_KEPT)
  })
})

describe('AlertLog with a second process appending', () => {
  it('a start that cuts the file back while another process appends loses none of its lines', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/main/services/fixtures/append-alerts.ts', alertsFile(), 'other'],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const said = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const next = async () => (await said.next()).value as string
    expect(await next()).toBe('ready')

    const rounds = 8
    const count = 300 // fewer than are kept: the cut never reaches them
    const old = alerts(0, 2 * ALERTS_KEPT + 200, 'old')
      .map((a) => `${line(a)}\n`)
      .join('')
    for (let round = 0; round < rounds; round++) {
      await writeFile(alertsFile(), old)
      child.stdin.write(`go ${round} ${count}\n`)
      expect(await next()).toBe(`started ${round}`)
      const logged: string[] = []
      const services = start(logged) // cuts back while the other process appends
      expect(logged.filter((l) => l.includes('cut'))).toHaveLength(1)
      expect(await next()).toBe(`done ${round}`)
      const ids = await fileIds()
      const theirs = new Set(ids.filter((id) => id.startsWith(`other|${round}|`)))
      expect(theirs.size, `round ${round}`).toBe(count)
      expect(ids.filter((id) => id.startsWith('old')).length).toBeLessThan(ALERTS_KEPT)
      // Read again: every line once, however often it was written.
      const again = new AlertLog(alertsFile()).restore().map((a) => a.id)
      expect(new Set(again).size).toBe(again.length)
      expect(again.filter((id) => id.startsWith(`other|${round}|`))).toHaveLength(count)
      await services.dispose()
    }
    child.stdin.end()
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
  }, 60_000)
})
