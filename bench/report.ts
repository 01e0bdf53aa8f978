/**
 * The one results table every `pnpm bench` prints and the README shows: a row per metric,
 * Warrant beside each peer and the floor, and Warrant's ratio to the best of them.
 */
import type { BenchRow } from './measure'

/** A figure to three significant digits at most, without exponent notation. */
export function figure(value: number | undefined): string {
  if (value === undefined) return ''
  if (!Number.isFinite(value)) return 'n/a'
  const magnitude = Math.abs(value)
  if (magnitude >= 100) return Math.round(value).toLocaleString('en-US')
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toPrecision(2)
}

function ratioCell(row: BenchRow): string {
  if (row.ratioTo === 'none' || !Number.isFinite(row.ratio)) return ''
  return `${row.ratio.toFixed(2)}× ${row.ratioTo}`
}

/** Every peer named in the rows, in the order they first appear. */
export function peerNames(rows: BenchRow[]): string[] {
  const names: string[] = []
  for (const row of rows) {
    for (const name of Object.keys(row.peers)) if (!names.includes(name)) names.push(name)
  }
  return names
}

/** The rows as a Markdown table (the same one the README carries). */
export function resultsTable(rows: BenchRow[]): string {
  const peers = peerNames(rows)
  const head = ['scenario', 'input', 'metric', 'Warrant', ...peers, 'floor', 'ratio', 'target']
  const body = rows.map((row) => [
    row.scenario,
    row.input,
    row.metric,
    figure(row.warrant),
    ...peers.map((name) => figure(row.peers[name])),
    figure(row.floor),
    ratioCell(row),
    row.target ?? '',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)))
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n')
}
