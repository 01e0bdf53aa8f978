/**
 * The canonical plain text read straight from the Yjs content (no ProseMirror needed), with maps
 * between Yjs (type, index) positions and offsets, so servers and anchoring count as the editor does.
 */
import * as Y from 'yjs'
import { headingLevel, lastAtOrBefore, OutlineBuilder, type TextBlock } from './blocks'
import { schema } from './schema'

/** Name of the Y.XmlFragment holding the ProseMirror document (y-prosemirror's default). */
export const CONTENT_FRAGMENT = 'prosemirror'

/** A Yjs position as Y.createRelativePositionFromTypeIndex takes it. */
export interface TypeIndex {
  type: Y.XmlText | Y.XmlElement
  index: number
}

/**
 * Any type of the content fragment. AbstractType<unknown> alone would refuse Y.XmlText and
 * Y.XmlElement (their event handler types are invariant), so they are named too.
 */
export type ContentType = Y.AbstractType<unknown> | Y.XmlFragment | Y.XmlElement | Y.XmlText

/** Canonical text of a Yjs content fragment, its blocks, and Yjs position <-> offset maps. */
export interface FragmentText {
  text: string
  blocks: TextBlock[]
  /** (Y.XmlText | Y.XmlElement | Y.XmlFragment, index) -> offset; null for a type not in the text. */
  offsetOf(type: ContentType, index: number): number | null
  /** Offset -> the Yjs type and index holding the character at that offset. */
  typeIndexAt(offset: number): TypeIndex
}

// How each type of the fragment turns an index into an offset.
type Place =
  | { kind: 'text'; start: number; length: number }
  | { kind: 'textblock'; childStarts: number[]; end: number }
  | { kind: 'leaf'; start: number }
  | { kind: 'container'; childBlocks: number[]; after: number }

// A run of characters held by one Yjs position space: offset `start` is `index` in `type`.
interface Segment {
  start: number
  type: Y.XmlText | Y.XmlElement
  index: number
}

/** Text of an XmlText from its delta (toString would emit XML for marks); embeds count as ' '. */
function xmlTextContent(type: Y.XmlText): string {
  const delta = type.toDelta() as Array<{ insert: unknown }>
  let text = ''
  for (const op of delta) text += typeof op.insert === 'string' ? op.insert : ' '
  return text
}

/** Reads the canonical text of a y-prosemirror fragment in one pass. */
export function fragmentText(fragment: Y.XmlFragment): FragmentText {
  const outline = new OutlineBuilder()
  const places = new Map<ContentType, Place>()
  const segments: Segment[] = []
  // Where the end of each block lives in Yjs, parallel to outline.blocks.
  const blockEnds: TypeIndex[] = []

  const readTextblock = (el: Y.XmlElement, heading: number | null, page: unknown): void => {
    let at = outline.nextStart
    const childStarts: number[] = []
    let text = ''
    let end: TypeIndex = { type: el, index: 0 }
    el.toArray().forEach((child, i) => {
      childStarts.push(at)
      if (child instanceof Y.XmlText) {
        const content = xmlTextContent(child)
        places.set(child, { kind: 'text', start: at, length: content.length })
        if (content.length > 0) {
          segments.push({ start: at, type: child, index: 0 })
        }
        text += content
        at += content.length
        end = { type: child, index: content.length }
      } else if (child instanceof Y.XmlElement && schema.nodes[child.nodeName]?.isInline) {
        // An inline node (hard_break) is one character: the space of the canonical text.
        places.set(child, { kind: 'leaf', start: at })
        segments.push({ start: at, type: el, index: i })
        text += ' '
        at += 1
        end = { type: el, index: i + 1 }
      }
    })
    places.set(el, { kind: 'textblock', childStarts, end: at })
    outline.add(text, heading, page)
    blockEnds.push(end)
  }

  const readContainer = (parent: Y.XmlFragment | Y.XmlElement): void => {
    const childBlocks: number[] = []
    for (const child of parent.toArray()) {
      childBlocks.push(outline.blocks.length)
      // Text directly in a container and unknown nodes are not part of the ProseMirror document.
      if (!(child instanceof Y.XmlElement)) continue
      const type = schema.nodes[child.nodeName]
      if (!type) continue
      if (type.isTextblock) {
        const heading = type.name === 'heading' ? headingLevel(child.getAttribute('level')) : null
        readTextblock(child, heading, child.getAttribute('page'))
      } else if (!type.isLeaf) {
        readContainer(child)
      } else {
        places.set(child, { kind: 'container', childBlocks: [], after: outline.blocks.length })
      }
    }
    places.set(parent, { kind: 'container', childBlocks, after: outline.blocks.length })
  }
  readContainer(fragment)

  const blocks = outline.blocks
  const text = outline.text()

  // Offset of the start of the b-th textblock, or the end of the text when there is none after.
  const blockStartOrEnd = (b: number): number => blocks[b]?.start ?? text.length

  const offsetOf = (type: ContentType, index: number): number | null => {
    const place = places.get(type)
    if (!place) return null
    switch (place.kind) {
      case 'text':
        return place.start + Math.min(Math.max(index, 0), place.length)
      case 'leaf':
        return place.start
      case 'textblock':
        return index >= 0 && index < place.childStarts.length
          ? place.childStarts[index]!
          : place.end
      case 'container':
        return blockStartOrEnd(
          index >= 0 && index < place.childBlocks.length ? place.childBlocks[index]! : place.after,
        )
    }
  }

  const typeIndexAt = (offset: number): TypeIndex => {
    if (blocks.length === 0) throw new RangeError('the document has no text to point into')
    const clamped = Math.min(Math.max(offset, 0), text.length)
    const b = Math.max(
      0,
      lastAtOrBefore(blocks, clamped, (block) => block.start),
    )
    const block = blocks[b]!
    if (clamped >= block.end) return blockEnds[b]!
    const segment = segments[lastAtOrBefore(segments, clamped, (s) => s.start)]!
    return { type: segment.type, index: segment.index + clamped - segment.start }
  }

  return { text, blocks, offsetOf, typeIndexAt }
}
