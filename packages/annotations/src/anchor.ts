/**
 * Building anchors: the relative positions, quote and position of a span of the canonical text,
 * and the detached anchor an imported passage gets when it cannot be placed, so creating,
 * re-anchoring and importing annotations all make them one way.
 */
import { fragmentText } from '@warrant/document'
import * as Y from 'yjs'
import { AnnotationError } from './error'
import type { Anchor, TextQuote, TextSpan } from './model'
import { quoteAt } from './quote'

/**
 * The anchor of a span of the canonical text of `content`: relative positions (the start
 * associated to its first character, the end to its last), the quote with its context, and the
 * span itself. Throws AnnotationError for an empty span or one outside the text.
 */
export function anchorAt(content: Y.XmlFragment, span: TextSpan): Anchor {
  const { start, end } = span
  if (start === end) throw new AnnotationError('empty-span', 'an annotation needs some text')
  const current = fragmentText(content)
  const quote = quoteAt(current.text, span)
  const from = current.typeIndexAt(start)
  const to = current.typeIndexAt(end)
  return {
    ...quote,
    // assoc 0 sticks the start to the first character, -1 sticks the end to the last.
    start: Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(from.type, from.index, 0),
    ),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(to.type, to.index, -1)),
    position: { start, end },
  }
}

/**
 * An anchor with no relative positions (empty encodings, which resolve nowhere): the annotation
 * is orphaned until its quote, in its context, can be found exactly once in the text.
 */
export function detachedAnchor(quote: TextQuote, position: TextSpan): Anchor {
  if (quote.exact === '') throw new AnnotationError('empty-span', 'an annotation needs some text')
  return {
    exact: quote.exact,
    prefix: quote.prefix,
    suffix: quote.suffix,
    start: new Uint8Array(),
    end: new Uint8Array(),
    position: { start: position.start, end: position.end },
  }
}
