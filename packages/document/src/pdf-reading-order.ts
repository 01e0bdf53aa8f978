/**
 * Puts the lines of a PDF page in reading order: a page set in columns is read column by
 * column, and text that spans the columns (a title) is read where it stands between them.
 */
import type { PdfLine, PdfRow } from './pdf-lines'

/** A run of lines read top to bottom without a jump: a column, or text spanning the columns. */
export interface PdfFlow {
  page: number
  /** The most common left edge of its lines. */
  left: number
  /** The rightmost right edge of its lines. */
  right: number
  lines: PdfLine[]
}

// A gutter is at least this many ems of empty width...
const GUTTER_EMS = 1
// ...crossed by at most this share of the page's lines...
const GUTTER_CROSSING = 0.05
// ...with at least this share of the lines wholly on each side.
const GUTTER_SIDE = 0.2

/** The most common value after rounding to whole points. */
function mode(values: readonly number[]): number {
  const counts = new Map<number, number>()
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1)
  let best = values[0] ?? 0
  let bestCount = 0
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value
      bestCount = count
    }
  }
  return best
}

function flow(page: number, lines: PdfLine[]): PdfFlow {
  return {
    page,
    left: mode(lines.map((l) => l.x0)),
    right: Math.max(...lines.map((l) => l.x1)),
    lines,
  }
}

/** The x ranges of column gutters: empty vertical strips with many lines on both sides. */
function gutters(lines: readonly PdfLine[], em: number): Array<[number, number]> {
  if (lines.length < 6) return []
  const left = Math.floor(Math.min(...lines.map((l) => l.x0)))
  const right = Math.ceil(Math.max(...lines.map((l) => l.x1)))
  const crossing = new Array<number>(Math.max(0, right - left)).fill(0)
  for (const line of lines) {
    for (let x = Math.ceil(line.x0); x < Math.floor(line.x1); x++) crossing[x - left]! += 1
  }
  const allowed = Math.max(1, Math.floor(GUTTER_CROSSING * lines.length))
  const found: Array<[number, number]> = []
  let start = -1
  for (let i = 0; i <= crossing.length; i++) {
    const open = i < crossing.length && crossing[i]! <= allowed
    if (open && start < 0) start = i
    if (!open && start >= 0) {
      const [x0, x1] = [left + start, left + i]
      const leftSide = lines.filter((l) => l.x1 <= x0 + 1).length
      const rightSide = lines.filter((l) => l.x0 >= x1 - 1).length
      const side = GUTTER_SIDE * lines.length
      if (x1 - x0 >= GUTTER_EMS * em && leftSide >= side && rightSide >= side) found.push([x0, x1])
      start = -1
    }
  }
  return found
}

/**
 * The flows of a page in reading order. Without gutters the page is one flow, top to bottom.
 * With gutters, lines crossing a gutter cut the page into bands; each band is read column by
 * column, left to right, and each crossing line is read between the bands it separates.
 */
export function readingOrder(page: number, rows: readonly PdfRow[], em: number): PdfFlow[] {
  const lines = rows.flatMap((row) => row.lines)
  if (lines.length === 0) return []
  const cuts = gutters(lines, em)
  if (cuts.length === 0) return [flow(page, lines)]
  const edges = [Number.NEGATIVE_INFINITY, ...cuts.map(([x0, x1]) => (x0 + x1) / 2), Infinity]
  const spans = (line: PdfLine) => cuts.some(([x0, x1]) => line.x0 < x0 && line.x1 > x1)
  const flows: PdfFlow[] = []
  let band: PdfLine[] = []
  let spanning: PdfLine[] = []
  const closeBand = () => {
    for (let c = 0; c + 1 < edges.length; c++) {
      const column = band.filter((l) => {
        const middle = (l.x0 + l.x1) / 2
        return middle >= edges[c]! && middle < edges[c + 1]!
      })
      if (column.length > 0) flows.push(flow(page, column))
    }
    band = []
  }
  let lastSpanning: PdfLine | undefined
  for (const row of rows) {
    for (const line of row.lines) {
      // The short last line of spanning text (a title's) spans too: alone on its row, in the
      // same size, right under it.
      const tail =
        lastSpanning !== undefined &&
        spanning.length > 0 &&
        band.length === 0 &&
        row.lines.length === 1 &&
        Math.abs(line.size - lastSpanning.size) <= 0.6 &&
        line.y - lastSpanning.y <= 1.6 * line.size
      if (spans(line) || tail) {
        lastSpanning = line
        if (band.length > 0) closeBand()
        spanning.push(line)
      } else {
        if (spanning.length > 0) flows.push(flow(page, spanning))
        spanning = []
        band.push(line)
      }
    }
  }
  if (spanning.length > 0) flows.push(flow(page, spanning))
  closeBand()
  return flows
}
