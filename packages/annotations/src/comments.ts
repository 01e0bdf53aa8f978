/**
 * Comment threads on annotations: messages with replies, edits and resolution (who and when),
 * stored in the annotations Y.Doc so a discussion syncs like the annotations themselves.
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

/**
 * Adds a comment to an annotation's thread, or a reply to `parent` (a comment on the same
 * annotation); throws AnnotationError for an unknown annotation or parent, or empty text.
 */
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
    modifiedBy: init.creator,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  }
  if (map.has(comment.id)) {
    throw new AnnotationError('duplicate-id', `a comment with id "${comment.id}" exists`)
  }
  annotations.transact(() => map.set(comment.id, newRecord({ ...comment })), options.origin)
  return comment
}

/** Who changes a comment, and when (now unless given). */
export interface CommentEdit {
  editor: string
  now?: string
}

/** A new text for a comment, and who changes it. */
export interface CommentTextEdit extends CommentEdit {
  text: string
}

/**
 * Replaces the text of a comment, recording who did it and when (`modified`, `modifiedBy`);
 * returns it, or null when unknown. Throws AnnotationError for empty text or no editor.
 */
export function editComment(
  annotations: Y.Doc,
  id: string,
  init: CommentTextEdit,
  options: WriteOptions = {},
): Comment | null {
  if (init.text.trim() === '')
    throw new AnnotationError('empty-comment', 'a comment needs some text')
  requireEditor(init.editor)
  const record = recordOf(commentsMap(annotations), id)
  if (!record) return null
  annotations.transact(() => {
    record.set('text', init.text)
    record.set('modified', stamp(init.now))
    record.set('modifiedBy', init.editor)
  }, options.origin)
  return readComment(id, record)
}

/**
 * Resolves a comment (a thread, when it is the first), recording who and when (`resolvedBy`,
 * `resolvedAt`), or reopens it (both null again); its text and `modified` stay. Returns it, or
 * null when unknown.
 */
export function setCommentResolved(
  annotations: Y.Doc,
  id: string,
  resolved: boolean,
  init: CommentEdit,
  options: WriteOptions = {},
): Comment | null {
  requireEditor(init.editor)
  const record = recordOf(commentsMap(annotations), id)
  if (!record) return null
  annotations.transact(() => {
    record.set('resolved', resolved)
    record.set('resolvedBy', resolved ? init.editor : null)
    record.set('resolvedAt', resolved ? stamp(init.now) : null)
  }, options.origin)
  return readComment(id, record)
}

function requireEditor(editor: unknown): void {
  if (typeof editor !== 'string' || editor.trim() === '') {
    throw new AnnotationError('missing-editor', 'a change names its editor', 'editor')
  }
}

/** Reads a stored comment. */
export function readComment(id: string, record: RecordMap): Comment {
  const parent = record.get('parent')
  const resolved = record.get('resolved') === true
  const resolvedBy = record.get('resolvedBy')
  const resolvedAt = record.get('resolvedAt')
  return {
    id,
    annotation: stringField(record, 'annotation'),
    parent: typeof parent === 'string' ? parent : null,
    text: stringField(record, 'text'),
    creator: stringField(record, 'creator'),
    created: stringField(record, 'created'),
    modified: stringField(record, 'modified'),
    modifiedBy: stringField(record, 'modifiedBy', stringField(record, 'creator')),
    resolved,
    // A comment resolved before these were recorded has them null.
    resolvedBy: resolved && typeof resolvedBy === 'string' ? resolvedBy : null,
    resolvedAt: resolved && typeof resolvedAt === 'string' ? resolvedAt : null,
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
