/**
 * The block outline of canonical plain text (offsets, paragraph numbers, heading paths, source
 * pages), built the same way whether the text is read from ProseMirror or from Yjs.
 */

/** One textblock of the canonical text: its offsets and where it sits in the outline. */
export interface TextBlock {
  /** Offset of the block's first character. */
  start: number
  /** Offset just after the block's last character (where the joining '\n' sits). */
  end: number
  /** Heading level, or null for a paragraph. */
  heading: number | null
  /** Paragraph number (1..n over non-heading textblocks), or null for a heading. */
  paragraph: number | null
  /** Texts of the headings in force at this block; a heading's own path ends with itself. */
  headingPath: string[]
  /**
   * The source page the block is on: its own `page` attr, else the page of the nearest block
   * before it that has one (a paragraph written into an imported document sits on that page),
   * or null when no block up to it has a page (a document without pages).
   */
  page: number | null
}

/** Accumulates textblocks in document order into canonical text and its outline. */
export class OutlineBuilder {
  readonly blocks: TextBlock[] = []
  private readonly parts: string[] = []
  private length = 0
  private paragraphs = 0
  private readonly headings: Array<{ level: number; text: string }> = []
  private page: number | null = null

  /**
   * Appends one textblock (its text already canonical, its page attr as stored) and returns its
   * block entry.
   */
  add(text: string, heading: number | null, page: unknown = null): TextBlock {
    if (this.parts.length > 0) {
      this.parts.push('\n')
      this.length += 1
    }
    const start = this.length
    this.parts.push(text)
    this.length += text.length
    let paragraph: number | null = null
    if (heading === null) {
      this.paragraphs += 1
      paragraph = this.paragraphs
    } else {
      while (
        this.headings.length > 0 &&
        this.headings[this.headings.length - 1]!.level >= heading
      ) {
        this.headings.pop()
      }
      this.headings.push({ level: heading, text })
    }
    const headingPath = this.headings.map((h) => h.text)
    this.page = pageNumber(page) ?? this.page
    const block: TextBlock = {
      start,
      end: this.length,
      heading,
      paragraph,
      headingPath,
      page: this.page,
    }
    this.blocks.push(block)
    return block
  }

  /** Offset at which the next block added would start. */
  get nextStart(): number {
    return this.parts.length > 0 ? this.length + 1 : 0
  }

  /** The canonical text of every block added so far. */
  text(): string {
    return this.parts.join('')
  }
}

/** Index of the last element whose key is <= value (-1 when none), by binary search. */
export function lastAtOrBefore<T>(
  items: readonly T[],
  value: number,
  key: (item: T) => number,
): number {
  let lo = 0
  let hi = items.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    if (key(items[mid]!) <= value) {
      found = mid
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  return found
}

/**
 * Index of the block holding an offset: the last block starting at or before it, so the
 * joining '\n' belongs to the block before it. Offsets outside the text clamp; -1 when no blocks.
 */
export function blockIndexAt(blocks: readonly TextBlock[], offset: number): number {
  if (blocks.length === 0) return -1
  return Math.max(
    0,
    lastAtOrBefore(blocks, offset, (b) => b.start),
  )
}

/** Coerces a stored heading level (number or numeric string) into 1..6. */
export function headingLevel(value: unknown): number {
  const level = typeof value === 'number' ? value : Number(value)
  return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1
}

/** Reads a stored page attr (number or numeric string) as a page number >= 1, else null. */
export function pageNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  const page = typeof value === 'number' ? value : Number(value)
  return Number.isInteger(page) && page >= 1 ? page : null
}
