/**
 * Rebuilds the paragraphs and headings of a PDF from its lines in reading order: where a
 * paragraph ends, which blocks are headings and at what level, and which paragraphs a page
 * or column break split.
 */
import { documentWords, joinLines } from './pdf-hyphenation'
import type { PdfLine } from './pdf-lines'
import type { PdfFlow } from './pdf-reading-order'

/** A paragraph (level null) or heading of the source, with the page it starts on. */
export interface PdfBlock {
  level: number | null
  page: number
  text: string
}

// A line at least this much larger than the body text (and a point larger) is heading-sized.
const HEADING_RATIO = 1.15
// A baseline gap this much wider than the normal line spacing ends a paragraph.
const GAP_RATIO = 1.3
// A left edge this many ems right of (or left of) the line above is an indent (an outdent).
const INDENT_EMS = 0.8
// Lines differing by at most this many points are set in the same size.
const SAME_SIZE = 0.6
// Body-sized lines whose sizes differ by at most this ratio can belong to one paragraph.
const BODY_SIZE_SPREAD = 1.15

interface Draft {
  flow: PdfFlow
  lines: PdfLine[]
}

const lowerStart = /^\p{Ll}/u
const hyphenEnd = /[\p{L}\p{N}][-\u2010\u00AD]$/u
// A line opening a list item: a bullet, or "1.", "a)", "(iv)" before a capital.
const listItem = /^(?:[•◦▪▫‣⁃∙●○■□►▶✓]\s*|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+(?=\p{Lu}))/u
const sentenceEnd = /[.!?…][)\]"'”’]*$/u

/** Rough advance of a character in ems, so a word's width can be told from its line's. */
function advance(char: string): number {
  if (char === ' ') return 0.25
  if ("ijlftI.,;:'’|!".includes(char)) return 0.3
  if ('mwMW'.includes(char)) return 0.85
  if (/\p{Lu}/u.test(char)) return 0.68
  if (/\p{N}/u.test(char)) return 0.5
  return 0.47
}

function advances(text: string): number {
  let sum = 0
  for (const char of text) sum += advance(char)
  return sum
}

function weightedMode(pairs: ReadonlyArray<[number, number]>, fallback: number): number {
  const weight = new Map<number, number>()
  for (const [value, w] of pairs) {
    const key = Math.round(value * 2) / 2
    weight.set(key, (weight.get(key) ?? 0) + w)
  }
  let best = fallback
  let bestWeight = 0
  for (const [value, w] of weight) {
    if (w > bestWeight) [best, bestWeight] = [value, w]
  }
  return best
}

/** What is known of the whole document before its blocks are cut. */
class Layout {
  readonly body: number
  readonly bodyIsBold: boolean
  /** Normal baseline-to-baseline distance, as a multiple of the font size. */
  readonly leading: number
  private readonly rights = new Map<PdfFlow, number>()

  constructor(readonly flows: readonly PdfFlow[]) {
    const lines = flows.flatMap((f) => f.lines)
    this.body = weightedMode(
      lines.map((l) => [l.size, l.text.length]),
      lines[0]?.size ?? 10,
    )
    const bodyLines = lines.filter((l) => Math.abs(l.size - this.body) <= SAME_SIZE)
    this.bodyIsBold = bodyLines.filter((l) => l.bold).length > bodyLines.length / 2
    const gaps: Array<[number, number]> = []
    for (const f of flows) {
      for (let i = 1; i < f.lines.length; i++) {
        const [a, b] = [f.lines[i - 1]!, f.lines[i]!]
        const gap = b.y - a.y
        if (this.sameSize(a, b) && Math.abs(a.size - this.body) <= SAME_SIZE && gap > 0) {
          gaps.push([gap, 1])
        }
      }
    }
    // A handful of lines may show only paragraph gaps; normal leading is rarely above 1.6 ems.
    const measured = weightedMode(gaps, 1.2 * this.body) / this.body
    this.leading = gaps.length < 5 ? Math.min(measured, 1.6) : measured
    // A flow of a few lines does not show where its column ends: borrow from similar flows.
    const full = flows.filter((f) => f.lines.length >= 4)
    for (const f of flows) {
      const similar = full.filter((g) => Math.abs(g.left - f.left) <= 2 * this.body)
      const borrowed = similar.map((g) => g.right).sort((a, b) => a - b)
      const median = borrowed[Math.floor(borrowed.length / 2)] ?? f.right
      this.rights.set(f, f.lines.length >= 4 ? f.right : Math.max(f.right, median))
    }
  }

  sameSize(a: PdfLine, b: PdfLine): boolean {
    return Math.abs(a.size - b.size) <= SAME_SIZE
  }

  isLarge(size: number): boolean {
    return size >= this.body * HEADING_RATIO && size - this.body >= 1
  }

  /** Bold lines and heading-sized lines are set apart from body text. */
  headingLike(line: PdfLine): boolean {
    return this.isLarge(line.size) || (line.bold && !this.bodyIsBold)
  }

  /**
   * Heading-sized lines match in size; body-sized lines only need to be near in size, since a
   * line of inline code in a smaller font is still the paragraph's; both match in weight.
   */
  sameStyle(a: PdfLine, b: PdfLine): boolean {
    const large = this.isLarge(a.size)
    if (large !== this.isLarge(b.size)) return false
    const sizes = large
      ? this.sameSize(a, b)
      : Math.max(a.size, b.size) <= BODY_SIZE_SPREAD * Math.min(a.size, b.size)
    return sizes && (this.bodyIsBold || a.bold === b.bold)
  }

  /**
   * Whether the first word of `next` would have fitted at the end of `prev`: then the line
   * above was ended on purpose, since a line is only broken when the next word does not fit.
   */
  fits(prev: PdfLine, next: PdfLine, flow: PdfFlow): boolean {
    if (hyphenEnd.test(prev.text)) return false
    const word = /^\S+/.exec(next.text)?.[0] ?? ''
    const estimate = ((next.x1 - next.x0) * advances(word)) / Math.max(0.1, advances(next.text))
    const right = this.rights.get(flow) ?? flow.right
    return prev.x1 + 0.6 * prev.size + 1.25 * estimate < right
  }

  /** Whether `line` starts a new block after `prev` inside one flow. */
  breaks(prev: PdfLine, line: PdfLine, draft: Draft): boolean {
    if (!this.sameStyle(prev, line)) return true
    const em = Math.max(prev.size, line.size)
    const gap = line.y - prev.y
    if (gap < 0.5 * em) return gap < 0
    if (gap > this.leading * em * GAP_RATIO + 1) return true
    if (this.headingLike(line)) return false
    if (listItem.test(line.text)) return true
    const dx = line.x0 - prev.x0
    if (dx > INDENT_EMS * em) {
      // The second line of a list item, or of a hanging-indented entry, is indented.
      const hanging =
        draft.lines.length === 1 &&
        (listItem.test(prev.text) ||
          (Math.abs(prev.x0 - draft.flow.left) < 0.5 * em && !this.fits(prev, line, draft.flow)))
      if (!hanging) return true
    }
    if (dx < -INDENT_EMS * em && draft.lines.length >= 2) return true
    return !lowerStart.test(line.text) && this.fits(prev, line, draft.flow)
  }
}

/** Cuts each flow into drafts of blocks. */
function drafts(layout: Layout): Draft[] {
  const out: Draft[] = []
  for (const flow of layout.flows) {
    let draft: Draft | undefined
    for (const line of flow.lines) {
      const prev = draft?.lines[draft.lines.length - 1]
      if (draft && prev && !layout.breaks(prev, line, draft)) {
        draft.lines.push(line)
      } else {
        draft = { flow, lines: [line] }
        out.push(draft)
      }
    }
  }
  return out
}

/** The heading-sized size of a draft, or 'bold' for a bold body-sized heading, or null. */
function headingKind(layout: Layout, draft: Draft, text: string): number | 'bold' | null {
  const size = weightedMode(
    draft.lines.map((l) => [l.size, l.text.length]),
    layout.body,
  )
  // A table-of-contents entry is bold or large like its heading, but it is not one.
  if (/(?:\.\s?){4,}\s*\d+$/.test(text)) return null
  if (layout.isLarge(size)) return draft.lines.length <= 4 && text.length <= 250 ? size : null
  const bold = !layout.bodyIsBold && draft.lines.every((l) => l.bold)
  return bold && draft.lines.length <= 3 && text.length <= 200 && !/[.,]$/.test(text)
    ? 'bold'
    : null
}

/** Whether a paragraph ending a flow goes on at the start of the next flow (page or column). */
function continues(layout: Layout, before: Draft, after: Draft, indentStyle: boolean): boolean {
  const last = before.lines[before.lines.length - 1]!
  const first = after.lines[0]!
  if (!layout.sameStyle(last, first)) return false
  if (hyphenEnd.test(last.text) && lowerStart.test(first.text)) return true
  if (layout.fits(last, first, before.flow)) return false
  if (indentStyle) return first.x0 - after.flow.left <= INDENT_EMS * first.size
  return !sentenceEnd.test(last.text) || lowerStart.test(first.text)
}

/** Whether most paragraphs mark their start with a first-line indent. */
function usesIndents(paragraphs: readonly Draft[]): boolean {
  const multi = paragraphs.filter((d) => d.lines.length >= 2)
  const indented = multi.filter(
    (d) => d.lines[0]!.x0 - d.lines[1]!.x0 > INDENT_EMS * d.lines[0]!.size,
  )
  return indented.length >= 2 && indented.length >= multi.length / 2
}

/** The paragraphs and headings of a document from its flows in reading order. */
export function pdfBlocks(flows: readonly PdfFlow[]): PdfBlock[] {
  const layout = new Layout(flows)
  const words = documentWords(flows.flatMap((f) => f.lines.map((l) => l.text)))
  const cut = drafts(layout)
  const kinds = cut.map((d) =>
    headingKind(
      layout,
      d,
      joinLines(
        d.lines.map((l) => l.text),
        words,
      ),
    ),
  )
  const indentStyle = usesIndents(cut.filter((_, i) => kinds[i] === null))

  // Heading levels by size rank, largest first; bold body-sized headings come last.
  const sizes: number[] = []
  for (const size of kinds
    .filter((k): k is number => typeof k === 'number')
    .sort((a, b) => b - a)) {
    if (sizes.length === 0 || sizes[sizes.length - 1]! - size > SAME_SIZE) sizes.push(size)
  }
  const levelOf = (kind: number | 'bold'): number =>
    Math.min(
      6,
      kind === 'bold' ? sizes.length + 1 : sizes.findIndex((s) => s - kind <= SAME_SIZE) + 1,
    )

  const merged: Array<{ level: number | null; lines: PdfLine[] }> = []
  cut.forEach((draft, i) => {
    const kind = kinds[i]!
    const previous = cut[i - 1]
    const opensFlow = previous !== undefined && previous.flow !== draft.flow
    if (
      opensFlow &&
      kind === null &&
      kinds[i - 1] === null &&
      continues(layout, previous, draft, indentStyle)
    ) {
      merged[merged.length - 1]!.lines.push(...draft.lines)
      return
    }
    merged.push({ level: kind === null ? null : levelOf(kind), lines: [...draft.lines] })
  })
  return merged
    .map((block) => ({
      level: block.level,
      page: block.lines[0]!.page,
      text: joinLines(
        block.lines.map((l) => l.text),
        words,
      ),
    }))
    .filter((block) => block.text !== '')
}
