/**
 * Anchor resolution: where every annotation of a document sits now, computed in one
 * pass over the content (its canonical text is read once, each relative position is
 * resolved within its own paragraph), with an exact quote match as the only fallback.
 */
import { type FragmentText, fragmentText } from '@warrant/document'
import * as Y from 'yjs'
import type { Anchor, Annotation, ResolvedAnchor } from './model'
import { matchQuote } from './quote'

/**
 * Resolves the anchors of `annotations` against `content` (the CONTENT_FRAGMENT of the
 * content Y.Doc). Every id is in the result: `anchored` when the text under the
 * relative positions is the quote, `drifted` when it resolves to different text,
 * otherwise re-found by a unique exact quote match in its context, else `orphaned`.
 */
export function resolveAnchors(
  annotations: Annotation[],
  content: Y.XmlFragment,
): Map<string, ResolvedAnchor> {
  const doc = content.doc
  if (!doc) throw new Error('resolveAnchors needs a content fragment that belongs to a Y.Doc')
  const current = fragmentText(content)
  const resolved = new Map<string, ResolvedAnchor>()
  for (const annotation of annotations) {
    resolved.set(annotation.id, resolveAnchor(annotation.anchor, current, doc))
  }
  return resolved
}

function resolveAnchor(anchor: Anchor, current: FragmentText, doc: Y.Doc): ResolvedAnchor {
  const start = offsetOf(anchor.start, current, doc)
  const end = offsetOf(anchor.end, current, doc)
  if (start !== null && end !== null && start < end) {
    const text = current.text.slice(start, end)
    return { health: text === anchor.exact ? 'anchored' : 'drifted', span: { start, end }, text }
  }
  // The text between the positions is gone, or a position lost its paragraph
  // (y-prosemirror#204 splits move text to a new paragraph): only the same quote in
  // the same context, found exactly once, counts as the annotation's text.
  const match = matchQuote(current.text, anchor)
  if ('span' in match) return { health: 'anchored', span: match.span, text: anchor.exact }
  return { health: 'orphaned', span: null, text: '' }
}

/** The current offset of an encoded relative position, or null when it no longer resolves. */
function offsetOf(encoded: Uint8Array, current: FragmentText, doc: Y.Doc): number | null {
  let relative: Y.RelativePosition
  try {
    relative = Y.decodeRelativePosition(encoded)
  } catch {
    return null
  }
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc)
  if (!absolute || isDeleted(absolute.type)) return null
  return current.offsetOf(absolute.type, absolute.index)
}

/** Whether a type or one of its ancestors was deleted (its index then means nothing). */
function isDeleted(type: Y.AbstractType<unknown>): boolean {
  for (
    let item = type._item;
    item !== null;
    item = item.parent instanceof Y.AbstractType ? item.parent._item : null
  ) {
    if (item.deleted) return true
  }
  return false
}
