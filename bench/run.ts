/**
 * The benchmark harness (`pnpm bench [--quick] [scenario ...]`): runs the scenarios, prints a
 * table, and writes bench/results/latest.json with the machine, versions and date. Timings
 * are reported, never asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { anchoringScenario } from './anchoring'
import { editorScenario } from './editor'
import { exportScenario } from './export'
import { fanoutScenario } from './fanout'
import type { BenchRow, Scenario } from './measure'

/** Every scenario, in the order they run; later ones (cold load, durability, idle scale) are added here. */
const scenarios: Scenario[] = [anchoringScenario, exportScenario, editorScenario, fanoutScenario]

function versionOf(packageJson: string): string {
  const url = new URL(packageJson, import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
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

function markdown(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n')
}

/** Timed rows: median and per-operation time; latency rows: quantiles, server CPU and memory. */
function table(rows: BenchRow[]): string {
  const timed = rows.filter((r) => r.latency === undefined)
  const latency = rows.filter((r) => r.latency !== undefined)
  const tables: string[] = []
  if (timed.length > 0) {
    tables.push(
      markdown(
        ['scenario', 'input', 'variant', 'ops', 'median ms', 'µs/op', 'ratio'],
        timed.map((r) => [
          r.scenario,
          r.input,
          r.variant,
          String(r.operations),
          r.medianMs.toFixed(1),
          ((r.medianMs * 1000) / r.operations).toFixed(2),
          `${r.ratio.toFixed(1)}x`,
        ]),
      ),
    )
  }
  if (latency.length > 0) {
    tables.push(
      markdown(
        [
          'scenario',
          'input',
          'variant',
          'sends',
          'p50 ms',
          'p99 ms',
          'server CPU µs/update',
          'server RSS MiB',
          'p99 ratio',
        ],
        latency.map((r) => [
          r.scenario,
          r.input,
          r.variant,
          r.latency!.unfinished > 0
            ? `${r.operations} (+${r.latency!.unfinished} unfinished)`
            : String(r.operations),
          r.latency!.p50Ms.toFixed(1),
          r.latency!.p99Ms.toFixed(1),
          r.server ? r.server.cpuUsPerUpdate.toFixed(1) : '',
          r.server ? r.server.rssMiB.toFixed(0) : '',
          `${r.ratio.toFixed(2)}x`,
        ]),
      ),
    )
  }
  return tables.join('\n\n')
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const names = args.filter((a) => !a.startsWith('--'))
  const chosen = names.length > 0 ? scenarios.filter((s) => names.includes(s.name)) : scenarios
  const rows: BenchRow[] = []
  for (const scenario of chosen) {
    console.log(`${scenario.name}: ${scenario.describe}${quick ? ' (quick)' : ''}`)
    rows.push(...(await scenario.run({ quick })))
  }
  console.log(table(rows))
  const results = {
    date: new Date().toISOString(),
    quick,
    machine: machine(),
    versions: {
      yjs: versionOf('./node_modules/yjs/package.json'),
      'y-websocket': versionOf('./node_modules/y-websocket/package.json'),
      '@y/websocket-server': versionOf('./node_modules/@y/websocket-server/package.json'),
      '@hocuspocus/server': versionOf('./node_modules/@hocuspocus/server/package.json'),
      'y-prosemirror': versionOf('../packages/document/node_modules/y-prosemirror/package.json'),
    },
    rows,
  }
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  writeFileSync(new URL('latest.json', dir), `${JSON.stringify(results, null, 2)}\n`)
  console.log(`results written to bench/results/latest.json`)
}

await main()
