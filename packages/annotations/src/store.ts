/**
 * Annotations in a document's annotations Y.Doc: created from a span of the canonical
 * text (anchored with Yjs relative positions into the content doc), read, edited and
 * deleted together with the relations and comments that reference them.
 */
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { anchorAt } from './anchor'
import { validateAttributes } from './attributes'
import { type Codebook, defaultCodebook, taggableKind } from './codebook'
import { commentIdsOf, readComment } from './comments'
import { AnnotationError } from './error'
import {
  annotationsMap,
  byCreation,
  commentsMap,
  newRecord,
  type RecordMap,
  recordOf,
  relationsMap,
  stamp,
  stringField,
  type WriteOptions,
} from './layout'
import type { Anchor, Annotation, Comment, Relation, TextSpan } from './model'
import { checkIncomingRelations, readRelation, relationIdsOf } from './relations'

/** What a new annotation needs; id and times are generated unless given. */
export interface AnnotationInit {
  kind: string
  span: TextSpan
  creator: string
  attributes?: Record<string, unknown>
  note?: string
  id?: string
  now?: string
}

/** Options of createAnnotation and updateAnnotation: the document's codebook (default: briefs'). */
export interface AnnotationWriteOptions extends WriteOptions {
  codebook?: Codebook
}

/** What deleteAnnotation removed. */
export interface DeletedAnnotation {
  annotation: Annotation
  relations: Relation[]
  comments: Comment[]
}

/**
 * Tags a span of the canonical text of `content` (the CONTENT_FRAGMENT of the content
 * Y.Doc): anchors it with relative positions, records its quote, stores it. Throws
 * AnnotationError for a kind that is unknown to `options.codebook` (default: briefs') or
 * retired, invalid attributes, an empty or out-of-range span, or a taken id.
 */
export function createAnnotation(
  annotations: Y.Doc,
  content: Y.XmlFragment,
  init: AnnotationInit,
  options: AnnotationWriteOptions = {},
): Annotation {
  const codebook = options.codebook ?? defaultCodebook
  taggableKind(codebook, init.kind)
  const attributes = validateAttributes(init.kind, init.attributes ?? {}, codebook)
  const anchor = anchorAt(content, init.span)
  const now = stamp(init.now)
  const annotation: Annotation = {
    id: init.id ?? uuidv4(),
    kind: init.kind,
    anchor,
    attributes,
    note: init.note ?? '',
    creator: init.creator,
    created: now,
    modified: now,
    modifiedBy: init.creator,
  }
  annotations.transact(() => insertAnnotation(annotations, annotation), options.origin)
  return annotation
}

/**
 * Stores a complete annotation as a new record (inside the caller's transaction); throws
 * AnnotationError when its id is taken. Callers validate kind and attributes first.
 */
export function insertAnnotation(annotations: Y.Doc, annotation: Annotation): void {
  const map = annotationsMap(annotations)
  if (map.has(annotation.id)) {
    throw new AnnotationError('duplicate-id', `an annotation with id "${annotation.id}" exists`)
  }
  map.set(annotation.id, toRecord(annotation))
}

/** The stored form: plain fields, the anchor as one value, attributes as a nested Y.Map. */
function toRecord(annotation: Annotation): RecordMap {
  const { attributes, anchor, ...fields } = annotation
  const record = newRecord({ ...fields, anchor: { ...anchor, position: { ...anchor.position } } })
  record.set('attributes', newRecord(attributes))
  return record
}

/**
 * Reads a stored annotation; null when the record lacks a kind or a well-formed anchor. (While
 * updates arrive out of order, a replaced field can be gone before its new value is integrated.)
 */
function readAnnotation(id: string, record: RecordMap): Annotation | null {
  const anchor = readAnchor(record.get('anchor'))
  if (!anchor || stringField(record, 'kind') === '') return null
  const attributes = record.get('attributes')
  return {
    id,
    kind: stringField(record, 'kind'),
    anchor,
    attributes: attributes instanceof Y.Map ? (attributes.toJSON() as Record<string, unknown>) : {},
    note: stringField(record, 'note'),
    creator: stringField(record, 'creator'),
    created: stringField(record, 'created'),
    modified: stringField(record, 'modified'),
    // Records from before `modifiedBy` existed were last changed by their creator, or unknown.
    modifiedBy: stringField(record, 'modifiedBy', stringField(record, 'creator')),
  }
}

function readAnchor(value: unknown): Anchor | null {
  if (typeof value !== 'object' || value === null) return null
  const { start, end, exact, prefix, suffix, position } = value as Record<string, unknown>
  if (!(start instanceof Uint8Array && end instanceof Uint8Array)) return null
  if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') {
    return null
  }
  const span = (position ?? {}) as Record<string, unknown>
  if (typeof span.start !== 'number' || typeof span.end !== 'number') return null
  // Copies, so that a caller changing the result cannot change the stored value.
  return {
    start: start.slice(),
    end: end.slice(),
    exact,
    prefix,
    suffix,
    position: { start: span.start, end: span.end },
  }
}

/** Every annotation, oldest first (the same order on every replica). */
export function listAnnotations(annotations: Y.Doc): Annotation[] {
  const out: Annotation[] = []
  for (const [id, record] of annotationsMap(annotations).entries()) {
    if (!(record instanceof Y.Map)) continue
    const annotation = readAnnotation(id, record)
    if (annotation) out.push(annotation)
  }
  return out.sort(byCreation)
}

/** One annotation, or null. */
export function getAnnotation(annotations: Y.Doc, id: string): Annotation | null {
  const record = recordOf(annotationsMap(annotations), id)
  return record ? readAnnotation(id, record) : null
}

/** An edit of an annotation: `attributes` replaces them all; `editor` is who makes it. */
export interface AnnotationPatch {
  kind?: string
  attributes?: Record<string, unknown>
  note?: string
  editor: string
  now?: string
}

/**
 * Edits an annotation's kind, attributes or note and records who did it and when (`modified`,
 * `modifiedBy`; `created` stays); returns it, or null when unknown. Only the attributes that
 * change are written, so concurrent edits of different attributes merge. A new kind must be
 * in `options.codebook` (default: briefs'), not retired, and fit the relations pointing to the
 * annotation; the attributes (the patch's, or else the current ones) are validated against it.
 */
export function updateAnnotation(
  annotations: Y.Doc,
  id: string,
  patch: AnnotationPatch,
  options: AnnotationWriteOptions = {},
): Annotation | null {
  if (typeof patch.editor !== 'string' || patch.editor.trim() === '') {
    throw new AnnotationError('missing-editor', 'an edit names its editor', 'editor')
  }
  const record = recordOf(annotationsMap(annotations), id)
  const before = record ? readAnnotation(id, record) : null
  if (!record || !before) return null
  const codebook = options.codebook ?? defaultCodebook
  const kind = patch.kind ?? before.kind
  const newKind = kind !== before.kind
  if (newKind) {
    taggableKind(codebook, kind)
    checkIncomingRelations(annotations, id, kind)
  }
  const attributes =
    patch.attributes || newKind
      ? validateAttributes(kind, patch.attributes ?? before.attributes, codebook)
      : null
  annotations.transact(() => {
    if (newKind) {
      record.set('kind', kind)
      // A fresh map, so that a concurrent edit of the old kind's attributes cannot mix in.
      record.set('attributes', newRecord(attributes ?? {}))
    } else if (attributes) {
      writeAttributes(record, attributes)
    }
    if (patch.note !== undefined) record.set('note', patch.note)
    record.set('modified', stamp(patch.now))
    record.set('modifiedBy', patch.editor)
  }, options.origin)
  return readAnnotation(id, record)
}

function writeAttributes(record: RecordMap, attributes: Record<string, unknown>): void {
  let stored = record.get('attributes')
  if (!(stored instanceof Y.Map)) {
    stored = new Y.Map<unknown>()
    record.set('attributes', stored)
  }
  const map = stored as Y.Map<unknown>
  for (const key of [...map.keys()]) if (!Object.hasOwn(attributes, key)) map.delete(key)
  for (const [key, value] of Object.entries(attributes)) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value)
  }
}

/**
 * Deletes an annotation with the relations and comments that reference it, in one
 * transaction; returns what was removed, or null when there was no such annotation.
 */
export function deleteAnnotation(
  annotations: Y.Doc,
  id: string,
  options: WriteOptions = {},
): DeletedAnnotation | null {
  const map = annotationsMap(annotations)
  const record = recordOf(map, id)
  if (!record) return null
  const relations = relationsMap(annotations)
  const comments = commentsMap(annotations)
  const relationIds = relationIdsOf(annotations, id)
  const commentIds = commentIdsOf(annotations, id)
  const removed: DeletedAnnotation = {
    annotation: readAnnotation(id, record) ?? emptyAnnotation(id),
    relations: relationIds.flatMap((rid) => {
      const relation = readRelation(rid, relations.get(rid)!)
      return relation ? [relation] : []
    }),
    comments: commentIds.map((cid) => readComment(cid, comments.get(cid)!)).sort(byCreation),
  }
  annotations.transact(() => {
    for (const rid of relationIds) relations.delete(rid)
    for (const cid of commentIds) comments.delete(cid)
    map.delete(id)
  }, options.origin)
  removed.relations.sort(byCreation)
  return removed
}

/** Stands in for a malformed record that is deleted. */
function emptyAnnotation(id: string): Annotation {
  const empty = new Uint8Array()
  return {
    id,
    kind: '',
    anchor: {
      start: empty,
      end: empty,
      exact: '',
      prefix: '',
      suffix: '',
      position: { start: 0, end: 0 },
    },
    attributes: {},
    note: '',
    creator: '',
    created: '',
    modified: '',
    modifiedBy: '',
  }
}
