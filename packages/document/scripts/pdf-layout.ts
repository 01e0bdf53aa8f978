/**
 * A small typesetter for the PDF fixtures: it wraps blocks of text into frames (a page's text
 * area, or one of its columns), breaks pages, and records where each block and line landed,
 * so the fixtures carry the cases the PDF importer must undo and the tests know the answers.
 */
import type { PDFFont, PDFPage } from 'pdf-lib'

/** How a block is set. */
export interface BlockStyle {
  font: PDFFont
  size: number
  /** Baseline-to-baseline distance. */
  leading: number
  /** Extra space above the block, dropped at the top of a frame. */
  spaceBefore: number
  /** First-line indent. */
  indent: number
  /** Justify every line but the last by spacing its words. */
  justify: boolean
}

/** A rectangle text flows into, on one page; `top` and `bottom` in pdf-lib's bottom-up y. */
export interface Frame {
  page: PDFPage
  pageNumber: number
  x: number
  width: number
  top: number
  bottom: number
}

/** Where a block landed. */
export interface PlacedBlock {
  firstPage: number
  lastPage: number
  /** Whether a frame break fell inside the block. */
  split: boolean
  /** The last line set before the first frame break inside the block. */
  lineBeforeBreak: string | null
  lines: string[]
}

/** The one word the layout hyphenated at a line end. */
export interface Hyphenation {
  word: string
  head: string
  page: number
}

/** Options of a Flow. */
export interface FlowOptions {
  /** Hyphenate the first word of at least this many lower-case letters that overflows a line. */
  hyphenateOnce?: number
  /**
   * Never end a frame inside a paragraph with a line that ends a sentence when the next line
   * starts with anything but a lower-case letter: without paragraph indents no reader, human
   * or program, can tell that break from a paragraph end, so typesetting keeps a line back.
   */
  avoidAmbiguousBreaks?: boolean
}

const sentenceEnd = /[.!?…][)\]"'”’]*$/u
const lowerStart = /^\p{Ll}/u

/** Text flowing through a sequence of frames, top to bottom. */
export class Flow {
  private frame: Frame
  private y: number
  hyphenation: Hyphenation | null = null

  constructor(
    private readonly nextFrame: (previous: Frame | null) => Frame,
    private readonly options: FlowOptions = {},
  ) {
    this.frame = nextFrame(null)
    this.y = this.frame.top
  }

  /** The page the next line would be set on. */
  get pageNumber(): number {
    return this.frame.pageNumber
  }

  /** The y just below the last line set. */
  get cursor(): number {
    return this.y
  }

  /** Wraps text into lines of the frame width; the first line is narrower by the indent. */
  private wrap(text: string, style: BlockStyle): string[] {
    const width = (s: string) => style.font.widthOfTextAtSize(s, style.size)
    const lines: string[] = []
    let line = ''
    const room = () => this.frame.width - (lines.length === 0 ? style.indent : 0)
    for (const word of text.split(/\s+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`
      if (width(candidate) <= room() || line === '') {
        line = candidate
        continue
      }
      const tail = this.hyphenate(line, word, room(), width)
      if (tail !== null) {
        lines.push(`${line} ${word.slice(0, word.length - tail.length)}-`)
        line = tail
        continue
      }
      lines.push(line)
      line = word
    }
    if (line !== '') lines.push(line)
    return lines
  }

  /** Hyphenates the overflowing word once, if it qualifies and a head of 4+ letters fits; returns the tail. */
  private hyphenate(line: string, word: string, room: number, width: (s: string) => number) {
    const min = this.options.hyphenateOnce
    if (min === undefined || this.hyphenation !== null) return null
    if (!new RegExp(`^\\p{Ll}{${min},}$`, 'u').test(word)) return null
    // Cut where a syllable may start: the tail opens with a consonant and a vowel ("rela-tion",
    // "inter-national"), not inside a digraph ("sh", "th", "ck").
    const vowel = (c: string | undefined) => c !== undefined && 'aeiouy'.includes(c)
    const cuts = [...Array(word.length - 7).keys()].map((i) => word.length - 4 - i)
    const natural = (cut: number) =>
      !vowel(word[cut]) &&
      vowel(word[cut + 1]) &&
      (vowel(word[cut - 1]) || vowel(word[cut - 2])) &&
      !/^(sh|th|ch|ph|ck|gh)$/.test(word.slice(cut - 1, cut + 1))
    for (const cut of cuts.filter(natural)) {
      if (width(`${line} ${word.slice(0, cut)}-`) <= room) {
        this.hyphenation = { word, head: word.slice(0, cut), page: -1 }
        return word.slice(cut)
      }
    }
    return null
  }

  /** How many of the lines from `from` on fit in the current frame, kept back from an ambiguous break. */
  private fitting(lines: readonly string[], from: number, style: BlockStyle): number {
    let count = Math.min(
      lines.length - from,
      Math.floor((this.y - this.frame.bottom) / style.leading),
    )
    if (count <= 0 || from + count >= lines.length || !this.options.avoidAmbiguousBreaks)
      return count
    while (
      count > 0 &&
      sentenceEnd.test(lines[from + count - 1]!) &&
      !lowerStart.test(lines[from + count]!)
    ) {
      count -= 1
    }
    return count
  }

  private draw(
    text: string,
    x: number,
    baseline: number,
    width: number,
    last: boolean,
    style: BlockStyle,
  ) {
    const words = text.split(' ')
    if (!style.justify || last || words.length < 2) {
      this.frame.page.drawText(text, { x, y: baseline, size: style.size, font: style.font })
      return
    }
    const natural = words.reduce((sum, w) => sum + style.font.widthOfTextAtSize(w, style.size), 0)
    const gap = (width - natural) / (words.length - 1)
    let at = x
    for (const word of words) {
      this.frame.page.drawText(word, { x: at, y: baseline, size: style.size, font: style.font })
      at += style.font.widthOfTextAtSize(word, style.size) + gap
    }
  }

  /** Sets a block, breaking frames as needed. */
  place(text: string, style: BlockStyle): PlacedBlock {
    const hyphenatedBefore = this.hyphenation
    const lines = this.wrap(text, style)
    if (this.y < this.frame.top) this.y -= style.spaceBefore
    const firstPage = this.frame.pageNumber
    let split = false
    let lineBeforeBreak: string | null = null
    let started = false
    let firstOnPage = firstPage
    for (let i = 0; i < lines.length; ) {
      const count = this.fitting(lines, i, style)
      if (count === 0) {
        this.frame = this.nextFrame(this.frame)
        this.y = this.frame.top
        if (started && !split) {
          split = true
          lineBeforeBreak = lines[i - 1]!
        } else if (!started) firstOnPage = this.frame.pageNumber
        continue
      }
      for (let k = 0; k < count; k++, i++) {
        const indent = i === 0 ? style.indent : 0
        this.y -= style.leading
        const baseline = this.y + (style.leading - style.size) / 2 + 0.2 * style.size
        this.draw(
          lines[i]!,
          this.frame.x + indent,
          baseline,
          this.frame.width - indent,
          i === lines.length - 1,
          style,
        )
        if (
          this.hyphenation &&
          this.hyphenation !== hyphenatedBefore &&
          lines[i]!.endsWith(`${this.hyphenation.head}-`)
        ) {
          this.hyphenation.page = this.frame.pageNumber
        }
        started = true
      }
    }
    return {
      firstPage: firstOnPage,
      lastPage: this.frame.pageNumber,
      split,
      lineBeforeBreak,
      lines,
    }
  }
}
