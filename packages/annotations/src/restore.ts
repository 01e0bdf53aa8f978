/**
 * Restoring records made elsewhere (an import of an export): annotations, relations and comments
 * written whole, with their authors and times, and an annotation that cannot be placed kept as an
 * orphan with its quote instead of being dropped or guessed.
 */
import { uuidv4 } from 'lib0/random'
import type * as Y from 'yjs'
import { anchorAt, detachedAnchor } from './anchor'
import { validateAttributes } from './attributes'
import { defaultCodebook, taggableKind } from './codebook'
import { AnnotationError } from './error'
import { annotationsMap, commentsMap, newRecord, recordOf, type WriteOptions } from './layout'
import type { Annotation, Comment, TextQuote, TextSpan } from './model'
import { type AnnotationWriteOptions, insertAnnotation } from './store'

/** An annotation to restore: everything but its anchor, which `span` or `quote` gives. */
export interface RestoreInit {
  kind: string
  /** Where it goes in the current text; null keeps it orphaned on `quote`. */
  span: TextSpan | null
  /** The passage as recorded, kept when there is no span. */
  quote: TextQuote
  /** Where the passage was when recorded. */
  position: TextSpan
  attributes: Record<string, unknown>
  note: string
  creator: string
  created: string
  modified: string
  modifiedBy: string
  id?: string
}

/**
 * The annotation a RestoreInit describes, checked against `options.codebook` (default: briefs')
 * but not stored; throws AnnotationError for an unknown or retired kind or invalid attributes.
 */
export function restoredAnnotation(
  content: Y.XmlFragment,
  init: RestoreInit,
  options: AnnotationWriteOptions = {},
): Annotation {
  const codebook = options.codebook ?? defaultCodebook
  taggableKind(codebook, init.kind)
  const attributes = validateAttributes(init.kind, init.attributes, codebook)
  const anchor =
    init.span === null ? detachedAnchor(init.quote, init.position) : anchorAt(content, init.span)
  return {
    id: init.id ?? uuidv4(),
    kind: init.kind,
    anchor,
    attributes,
    note: init.note,
    creator: init.creator,
    created: init.created,
    modified: init.modified,
    modifiedBy: init.modifiedBy,
  }
}

/** Stores annotations made by restoredAnnotation, in one transaction. */
export function restoreAnnotations(
  annotations: Y.Doc,
  restored: Annotation[],
  options: WriteOptions = {},
): void {
  annotations.transact(() => {
    for (const annotation of restored) insertAnnotation(annotations, annotation)
  }, options.origin)
}

/**
 * Stores a comment whole (times, edits and resolution as recorded); throws AnnotationError when
 * its annotation or its parent (a comment on the same annotation) is missing, or its id taken.
 */
export function restoreComment(
  annotations: Y.Doc,
  comment: Comment,
  options: WriteOptions = {},
): Comment {
  if (!recordOf(annotationsMap(annotations), comment.annotation)) {
    throw new AnnotationError('missing-annotation', `no annotation with id "${comment.annotation}"`)
  }
  const map = commentsMap(annotations)
  if (
    comment.parent !== null &&
    recordOf(map, comment.parent)?.get('annotation') !== comment.annotation
  ) {
    throw new AnnotationError(
      'missing-comment',
      `no comment "${comment.parent}" on annotation "${comment.annotation}" to reply to`,
    )
  }
  if (map.has(comment.id)) {
    throw new AnnotationError('duplicate-id', `a comment with id "${comment.id}" exists`)
  }
  annotations.transact(() => map.set(comment.id, newRecord({ ...comment })), options.origin)
  return comment
}
