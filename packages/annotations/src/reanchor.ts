/**
 * Re-anchoring: placing an existing annotation (an orphan, typically) on a new selection. Only
 * its anchor changes, so its id, kind, attributes, note, relations and threads stay as they are.
 */
import type * as Y from 'yjs'
import { anchorAt } from './anchor'
import { annotationsMap, recordOf, stamp, type WriteOptions } from './layout'
import type { Annotation, TextSpan } from './model'
import { getAnnotation } from './store'

/** What re-anchoring needs: the new span of the canonical text and who made the change. */
export interface ReanchorInit {
  span: TextSpan
  editor: string
  now?: string
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
