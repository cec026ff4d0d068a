/**
 * A second process for the two-writer test: records `count` samples of a seeded world into the
 * history file as fast as it can, then prints how many it wrote. It says "ready" once the file is
 * open and starts when `FILE.go` exists, so the writers of a test really write at the same time.
 * Usage: node --import tsx writer-child.ts FILE CLUSTER SEED COUNT
 */
import { existsSync } from 'node:fs'
import { openHistory } from '../../../src-main/history/history-file'
import { World } from './support'

const [file, cluster, seed, count] = process.argv.slice(2)
const { store } = openHistory(file!)
const world = new World(Number(seed), 500, cluster)
process.stdout.write('ready\n')
while (!existsSync(`${file}.go`)) await new Promise((resolve) => setTimeout(resolve, 5))
let written = 0
for (let i = 0; i < Number(count); i++) {
  world.step(0.5)
  store.record(world.sample(Date.UTC(2026, 10, 2) + i * 60_000 + Number(seed)))
  written++
}
store.close()
process.stdout.write(`${written}\n`)
