/**
 * Turns the positioned text runs of a PDF page into rows and lines: a PDF knows glyphs at
 * coordinates, not lines, so lines are rebuilt from shared baselines and horizontal gaps.
 */

/** One run of text on a page, in top-left page coordinates (points); `y` is its baseline. */
export interface PdfRun {
  text: string
  x: number
  y: number
  width: number
  size: number
  bold: boolean
}

/** A piece of text on one baseline with no wide gap inside it (a column's line, a table cell). */
export interface PdfLine {
  page: number
  text: string
  x0: number
  x1: number
  y: number
  /** The font size most of its characters are set in. */
  size: number
  /** Every character is in a bold font. */
  bold: boolean
  runs: PdfRun[]
}

/** Every line sharing a baseline across the page (a header with a page number far right is one row). */
export interface PdfRow {
  y: number
  lines: PdfLine[]
  text: string
}

// Runs whose baselines differ by less than this share a row (superscripts sit ~0.33 em up).
const BASELINE_TOLERANCE = 0.4
// A horizontal gap wider than this many ems splits a row into separate lines (a column gutter).
const LINE_GAP = 1.5
// A gap wider than this many ems between runs is a space even when neither run has one.
const SPACE_GAP = 0.12

/** The size most characters of some runs are set in. */
export function dominantSize(runs: readonly PdfRun[]): number {
  const weight = new Map<number, number>()
  for (const run of runs) {
    const key = Math.round(run.size * 2) / 2
    weight.set(key, (weight.get(key) ?? 0) + run.text.length)
  }
  let best = runs[0]?.size ?? 0
  let bestWeight = -1
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size
      bestWeight = w
    }
  }
  return best
}

/** Joins runs sorted by x into text, adding a space where a gap stands for one. */
function runText(runs: readonly PdfRun[]): string {
  let text = ''
  let prev: PdfRun | undefined
  for (const run of runs) {
    if (prev) {
      const gap = run.x - (prev.x + prev.width)
      if (
        gap > SPACE_GAP * Math.max(run.size, prev.size) &&
        !/\s$/.test(text) &&
        !/^\s/.test(run.text)
      ) {
        text += ' '
      }
    }
    text += run.text
    prev = run
  }
  return text.replace(/\s+/g, ' ').trim()
}

function makeLine(page: number, runs: PdfRun[]): PdfLine {
  const size = dominantSize(runs)
  const last = runs[runs.length - 1]!
  return {
    page,
    text: runText(runs),
    x0: runs[0]!.x,
    x1: Math.max(...runs.map((r) => r.x + r.width), last.x + last.width),
    y: runs.reduce((best, r) => (r.size === size && r.text.length > best.text.length ? r : best)).y,
    size,
    bold: runs.every((r) => r.bold || r.text.trim() === ''),
    runs,
  }
}

/** Splits one baseline's runs (sorted by x) into lines at gaps wider than LINE_GAP ems. */
function splitRow(page: number, runs: PdfRun[]): PdfLine[] {
  const lines: PdfLine[] = []
  let current: PdfRun[] = []
  let right = Number.NEGATIVE_INFINITY
  for (const run of runs) {
    // The same text drawn twice at (almost) the same place is a fake-bold overprint.
    const prev = current[current.length - 1]
    if (prev && prev.text === run.text && Math.abs(prev.x - run.x) < 1) continue
    if (current.length > 0 && run.x - right > LINE_GAP * Math.max(run.size, prev!.size)) {
      lines.push(makeLine(page, current))
      current = []
    }
    current.push(run)
    right = Math.max(right, run.x + run.width)
  }
  if (current.length > 0) lines.push(makeLine(page, current))
  return lines.filter((line) => line.text !== '')
}

/** Groups a page's runs into rows by baseline, top to bottom, each split into lines left to right. */
export function pageRows(page: number, runs: readonly PdfRun[]): PdfRow[] {
  const sorted = runs.filter((r) => r.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x)
  const groups: PdfRun[][] = []
  let group: PdfRun[] = []
  let groupY = 0
  let groupSize = 0
  for (const run of sorted) {
    if (
      group.length > 0 &&
      Math.abs(run.y - groupY) <= BASELINE_TOLERANCE * Math.max(run.size, groupSize)
    ) {
      group.push(run)
      // The row's baseline follows its largest text, not a superscript that opened it.
      if (run.size > groupSize) {
        groupY = run.y
        groupSize = run.size
      }
      continue
    }
    if (group.length > 0) groups.push(group)
    group = [run]
    groupY = run.y
    groupSize = run.size
  }
  if (group.length > 0) groups.push(group)
  return groups
    .map((g) => {
      const lines = splitRow(
        page,
        g.sort((a, b) => a.x - b.x),
      )
      return { y: lines[0]?.y ?? g[0]!.y, lines, text: lines.map((l) => l.text).join(' ') }
    })
    .filter((row) => row.lines.length > 0)
}
