/**
 * Citation locators (section, heading path, paragraph number, source page) for offsets of the
 * canonical text.
 */
import { blockIndexAt, type TextBlock } from './blocks'

/** Where an offset sits in the document's outline, as a citation names it. */
export interface Locator {
  /** The innermost heading in force ('' when none). */
  section: string
  headingPath: string[]
  /** Paragraph number, or null inside a heading. */
  paragraph: number | null
  /** The source page of the block the offset is in, or null when the source had no pages. */
  page: number | null
}

/** Locates an offset (the joining '\n' belongs to the block before it) by binary search. */
export function locate(blocks: TextBlock[], offset: number): Locator {
  const block = blocks[blockIndexAt(blocks, offset)]
  if (!block) return { section: '', headingPath: [], paragraph: null, page: null }
  const headingPath = [...block.headingPath]
  return {
    section: headingPath[headingPath.length - 1] ?? '',
    headingPath,
    paragraph: block.paragraph,
    page: block.page,
  }
}
