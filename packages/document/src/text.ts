/**
 * Canonical plain text of a ProseMirror document, the coordinate system every annotation,
 * locator and export counts in, with offset maps to and from ProseMirror positions.
 */
import type { Node } from 'prosemirror-model'
import { headingLevel, lastAtOrBefore, OutlineBuilder, type TextBlock } from './blocks'

export type { TextBlock } from './blocks'

/** Canonical text of a document, its blocks, and position <-> offset maps. */
export interface TextMap {
  text: string
  blocks: TextBlock[]
  /** ProseMirror position -> plain-text offset. */
  toOffset(pos: number): number
  /** Plain-text offset -> ProseMirror position. */
  toPos(offset: number): number
}

/** Canonical text of a textblock: its text, every inline leaf (hard_break) as one space. */
export function textblockText(node: Node): string {
  return node.textBetween(0, node.content.size, '', ' ')
}

/**
 * Builds the canonical text of a document and its offset maps in one pass over its blocks.
 * Inside a textblock every inline node is exactly one code unit per position, so positions and
 * offsets differ by a constant per block; lookups are a binary search over the blocks.
 */
export function textMap(doc: Node): TextMap {
  const outline = new OutlineBuilder()
  // Position of each block's first content position, parallel to outline.blocks.
  const contentStarts: number[] = []

  const walk = (parent: Node, contentStart: number): void => {
    parent.forEach((child, offset) => {
      const pos = contentStart + offset
      if (child.isTextblock) {
        const heading = child.type.name === 'heading' ? headingLevel(child.attrs.level) : null
        outline.add(textblockText(child), heading, child.attrs.page)
        contentStarts.push(pos + 1)
      } else if (!child.isLeaf) {
        walk(child, pos + 1)
      }
    })
  }
  walk(doc, 0)

  const blocks = outline.blocks
  const text = outline.text()

  const toOffset = (pos: number): number => {
    if (blocks.length === 0) return 0
    const i = lastAtOrBefore(contentStarts, pos, (p) => p)
    // Before the first textblock: its start.
    if (i < 0) return blocks[0]!.start
    const block = blocks[i]!
    const delta = pos - contentStarts[i]!
    if (delta <= block.end - block.start) return block.start + delta
    // Between blocks: the start of the next textblock, or the end of the last one.
    return i + 1 < blocks.length ? blocks[i + 1]!.start : block.end
  }

  const toPos = (offset: number): number => {
    if (blocks.length === 0) return 0
    const clamped = Math.min(Math.max(offset, 0), text.length)
    const i = Math.max(
      0,
      lastAtOrBefore(blocks, clamped, (b) => b.start),
    )
    const block = blocks[i]!
    // The joining '\n' at block.end maps to the end of this block.
    return contentStarts[i]! + Math.min(clamped, block.end) - block.start
  }

  return { text, blocks, toOffset, toPos }
}
