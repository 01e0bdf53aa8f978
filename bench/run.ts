/**
 * The benchmark harness (`pnpm bench [--quick] [scenario ...]`): runs the scenarios, prints one
 * table (Warrant, each peer, the floor, the ratio) and writes the same results as JSON with the
 * machine, versions and date. A full run of every scenario writes bench/results/full.json and
 * full.md, which the README's "Performance" section quotes; any other run writes latest.json.
 * Timings are reported, never asserted.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { anchoringScenario } from './anchoring'
import { coldLoadScenario } from './cold-load'
import { durabilityScenario } from './durability'
import { editorScenario } from './editor'
import { exportScenario } from './export'
import { fanoutScenario } from './fanout'
import { idleScaleScenario } from './idle-scale'
import type { BenchRow, Scenario } from './measure'
import { resultsTable } from './report'
import { scaleOutScenario } from './scale-out'

/** Every scenario, in the order they run. */
const scenarios: Scenario[] = [
  anchoringScenario,
  exportScenario,
  editorScenario,
  fanoutScenario,
  coldLoadScenario,
  durabilityScenario,
  idleScaleScenario,
  scaleOutScenario,
]

function versionOf(packageJson: string): string {
  const url = new URL(packageJson, import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}

/** The commit measured, marked when the working tree has changes. */
function commit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '+changes' : ''}`
  } catch {
    return 'unknown'
  }
}

function machine() {
  const cpus = os.cpus()
  return {
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const names = args.filter((a) => !a.startsWith('--'))
  const unknown = names.filter((name) => !scenarios.some((s) => s.name === name))
  if (unknown.length > 0) {
    throw new Error(
      `no scenario ${unknown.join(', ')}; the scenarios are ${scenarios.map((s) => s.name).join(', ')}`,
    )
  }
  const chosen = names.length > 0 ? scenarios.filter((s) => names.includes(s.name)) : scenarios
  const started = performance.now()
  const measured = commit()
  const full = !quick && chosen.length === scenarios.length
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const name = full ? 'full' : 'latest'
  const rows: BenchRow[] = []
  // Written after every scenario, so a run that fails late keeps what it measured.
  const write = (finished: boolean) => {
    const results = {
      date: new Date().toISOString(),
      quick,
      scenarios: chosen.map((s) => s.name),
      finished,
      seconds: Math.round((performance.now() - started) / 1000),
      machine: machine(),
      versions: {
        warrant: measured,
        yjs: versionOf('./node_modules/yjs/package.json'),
        'y-websocket': versionOf('./node_modules/y-websocket/package.json'),
        '@y/websocket-server': versionOf('./node_modules/@y/websocket-server/package.json'),
        '@hocuspocus/server': versionOf('./node_modules/@hocuspocus/server/package.json'),
        'y-prosemirror': versionOf('../packages/document/node_modules/y-prosemirror/package.json'),
      },
      rows,
    }
    writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(results, null, 2)}\n`)
    if (full) writeFileSync(new URL('full.md', dir), `${resultsTable(rows)}\n`)
    return results
  }
  for (const scenario of chosen) {
    const at = performance.now()
    console.log(`${scenario.name}: ${scenario.describe}${quick ? ' (quick)' : ''}`)
    rows.push(...(await scenario.run({ quick })))
    console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s`)
    write(false)
  }
  console.log(resultsTable(rows))
  const { seconds } = write(true)
  console.log(`results written to bench/results/${name}.json (${seconds} s)`)
}

await main()
