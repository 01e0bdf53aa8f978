/**
 * Re-anchoring: placing an existing annotation (an orphan, typically) on a new selection. Only
 * its anchor changes, so its id, kind, attributes, note, relations and threads stay as they are.
 */
import { fragmentText } from '@warrant/document'
import * as Y from 'yjs'
import { AnnotationError } from './error'
import { annotationsMap, recordOf, stamp, type WriteOptions } from './layout'
import type { Anchor, Annotation, TextSpan } from './model'
import { quoteAt } from './quote'
import { getAnnotation } from './store'

/** What re-anchoring needs: the new span of the canonical text and who made the change. */
export interface ReanchorInit {
  span: TextSpan
  editor: string
  now?: string
}

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
    start: Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(from.type, from.index, 0),
    ),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(to.type, to.index, -1)),
    position: { start, end },
  }
}

/**
 * Moves annotation `id` onto `init.span` of `content` (new relative positions, quote, prefix,
 * suffix and position) and records who did it and when (`modified`, `modifiedBy`); returns the
 * annotation, or null when there is no such annotation. Throws AnnotationError for a bad span.
 */
export function reanchorAnnotation(
  annotations: Y.Doc,
  content: Y.XmlFragment,
  id: string,
  init: ReanchorInit,
  options: WriteOptions = {},
): Annotation | null {
  const record = recordOf(annotationsMap(annotations), id)
  if (!record) return null
  const anchor = anchorAt(content, init.span)
  annotations.transact(() => {
    record.set('anchor', { ...anchor, position: { ...anchor.position } })
    record.set('modified', stamp(init.now))
    record.set('modifiedBy', init.editor)
  }, options.origin)
  return getAnnotation(annotations, id)
}
