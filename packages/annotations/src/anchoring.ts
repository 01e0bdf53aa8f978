/**
 * Anchor resolution: where every annotation of a document sits now and how healthy its anchor
 * is, computed in one pass over the content (its canonical text and an index of its items are
 * built once; each relative position then resolves by binary search), with the quote and its
 * context as the fallback where relative positions fail.
 */
import { type FragmentText, fragmentText } from '@warrant/document'
import * as Y from 'yjs'
import { type ItemIndex, indexItems } from './itemindex'
import type { Anchor, Annotation, ResolvedAnchor, TextSpan } from './model'
import { type QuoteMatch, type QuoteQuery, quoteFinder } from './quote'
import { sameModuloBlockWhitespace } from './whitespace'

/**
 * Resolves the anchors of `annotations` against `content` (the CONTENT_FRAGMENT of the content
 * Y.Doc). Every id is in the result (an orphan is never dropped):
 * - `anchored` when the relative positions span the quote (exactly, or modulo whitespace at block
 *   boundaries), or when they fail or span other text and the quote with its context is found
 *   exactly once (exactly, or modulo block-boundary whitespace);
 * - `drifted` when they span other text and the quote is not found exactly once: `text` is what
 *   the passage reads now, the stored quote stays in the anchor;
 * - `orphaned` otherwise: the text is gone, or could only be placed by a guess.
 */
export function resolveAnchors(
  annotations: Annotation[],
  content: Y.XmlFragment,
): Map<string, ResolvedAnchor> {
  if (!content.doc)
    throw new Error('resolveAnchors needs a content fragment that belongs to a Y.Doc')
  const current = fragmentText(content)
  const items = indexItems(content)
  const find = quoteFinder(current.text)
  const resolved = new Map<string, ResolvedAnchor>()
  for (const annotation of annotations) {
    resolved.set(annotation.id, resolveAnchor(annotation.anchor, current, items, find))
  }
  return resolved
}

function resolveAnchor(
  anchor: Anchor,
  current: FragmentText,
  items: ItemIndex,
  find: (quote: QuoteQuery) => QuoteMatch,
): ResolvedAnchor {
  const start = offsetOf(anchor.start, current, items)
  const end = offsetOf(anchor.end, current, items)
  if (start !== null && end !== null && start < end) {
    const text = current.text.slice(start, end)
    if (text === anchor.exact || sameModuloBlockWhitespace(text, anchor.exact)) {
      return { health: 'anchored', span: { start, end }, text }
    }
    // The positions hold, but over other text: the passage was edited, or its text was moved
    // (a paragraph cut and pasted, y-prosemirror#204 moving a split's tail) and the positions
    // kept only part of it. The quote in its context, found once, is the better answer.
    const moved = find(anchor)
    if ('span' in moved) return anchoredAt(moved.span, current)
    return { health: 'drifted', span: { start, end }, text }
  }
  // The text between the positions is gone, or a position lost its paragraph (a split or
  // join, y-prosemirror#204, or an import): only the quote in its context, found once, counts.
  const match = find(anchor)
  if ('span' in match) return anchoredAt(match.span, current)
  return { health: 'orphaned', span: null, text: '' }
}

function anchoredAt(span: TextSpan, current: FragmentText): ResolvedAnchor {
  return { health: 'anchored', span, text: current.text.slice(span.start, span.end) }
}

/** The current offset of an encoded relative position, or null when it no longer resolves. */
function offsetOf(encoded: Uint8Array, current: FragmentText, items: ItemIndex): number | null {
  let relative: Y.RelativePosition
  try {
    relative = Y.decodeRelativePosition(encoded)
  } catch {
    return null
  }
  const absolute = items.resolve(relative)
  return absolute ? current.offsetOf(absolute.type, absolute.index) : null
}
