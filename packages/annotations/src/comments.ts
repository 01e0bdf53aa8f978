/**
 * Comment threads on annotations: messages with replies and a resolved flag, stored
 * in the annotations Y.Doc so a discussion syncs like the annotations themselves.
 */
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { AnnotationError } from './error'
import {
  annotationsMap,
  byCreation,
  commentsMap,
  newRecord,
  type RecordMap,
  recordOf,
  stamp,
  stringField,
  type WriteOptions,
} from './layout'
import type { Comment } from './model'

/** What a new comment needs; `parent` is the comment it replies to (none for a thread's first). */
export interface CommentInit {
  annotation: string
  text: string
  creator: string
  parent?: string | null
  id?: string
  now?: string
}

/** Adds a comment to an annotation's thread; throws AnnotationError for an unknown annotation or parent, or empty text. */
export function addComment(
  annotations: Y.Doc,
  init: CommentInit,
  options: WriteOptions = {},
): Comment {
  if (init.text.trim() === '') {
    throw new AnnotationError('empty-comment', 'a comment needs some text')
  }
  if (!recordOf(annotationsMap(annotations), init.annotation)) {
    throw new AnnotationError('missing-annotation', `no annotation with id "${init.annotation}"`)
  }
  const map = commentsMap(annotations)
  const parent = init.parent ?? null
  if (parent !== null && recordOf(map, parent)?.get('annotation') !== init.annotation) {
    throw new AnnotationError(
      'missing-comment',
      `no comment "${parent}" on annotation "${init.annotation}" to reply to`,
    )
  }
  const now = stamp(init.now)
  const comment: Comment = {
    id: init.id ?? uuidv4(),
    annotation: init.annotation,
    parent,
    text: init.text,
    creator: init.creator,
    created: now,
    modified: now,
    resolved: false,
  }
  if (map.has(comment.id)) {
    throw new AnnotationError('duplicate-id', `a comment with id "${comment.id}" exists`)
  }
  annotations.transact(() => map.set(comment.id, newRecord({ ...comment })), options.origin)
  return comment
}

/** Marks a comment (a thread, when it is the first) resolved or open again; returns it, or null when unknown. */
export function setCommentResolved(
  annotations: Y.Doc,
  id: string,
  resolved: boolean,
  options: WriteOptions & { now?: string } = {},
): Comment | null {
  const record = recordOf(commentsMap(annotations), id)
  if (!record) return null
  annotations.transact(() => {
    record.set('resolved', resolved)
    record.set('modified', stamp(options.now))
  }, options.origin)
  return readComment(id, record)
}

/** Reads a stored comment. */
export function readComment(id: string, record: RecordMap): Comment {
  const parent = record.get('parent')
  return {
    id,
    annotation: stringField(record, 'annotation'),
    parent: typeof parent === 'string' ? parent : null,
    text: stringField(record, 'text'),
    creator: stringField(record, 'creator'),
    created: stringField(record, 'created'),
    modified: stringField(record, 'modified'),
    resolved: record.get('resolved') === true,
  }
}

/**
 * The comments of existing annotations (of one annotation when `annotation` is given),
 * oldest first. Comments on an annotation deleted concurrently are not listed.
 */
export function listComments(annotations: Y.Doc, annotation?: string): Comment[] {
  const existing = annotationsMap(annotations)
  const out: Comment[] = []
  for (const [id, record] of commentsMap(annotations).entries()) {
    if (!(record instanceof Y.Map)) continue
    const comment = readComment(id, record)
    if (annotation !== undefined && comment.annotation !== annotation) continue
    if (existing.has(comment.annotation)) out.push(comment)
  }
  return out.sort(byCreation)
}

/** The ids of the comment records on an annotation. */
export function commentIdsOf(annotations: Y.Doc, annotation: string): string[] {
  const ids: string[] = []
  for (const [id, record] of commentsMap(annotations).entries()) {
    if (record instanceof Y.Map && record.get('annotation') === annotation) ids.push(id)
  }
  return ids
}
