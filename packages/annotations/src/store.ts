/**
 * Annotations in a document's annotations Y.Doc: created from a span of the canonical
 * text (anchored with Yjs relative positions into the content doc), read, edited and
 * deleted together with the relations and comments that reference them.
 */
import { fragmentText } from '@warrant/document'
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { type Codebook, defaultCodebook, findKind, validateAttributes } from './codebook'
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
import { quoteAt } from './quote'
import { readRelation, relationIdsOf } from './relations'

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
 * Y.Doc): anchors it with relative positions, records its quote, stores it.
 */
export function createAnnotation(
  annotations: Y.Doc,
  content: Y.XmlFragment,
  init: AnnotationInit,
  options: AnnotationWriteOptions = {},
): Annotation {
  const codebook = options.codebook ?? defaultCodebook
  if (!findKind(codebook, init.kind)) {
    const keys = codebook.kinds.map((kind) => kind.key).join(', ')
    throw new AnnotationError('unknown-kind', `unknown kind "${init.kind}" (one of ${keys})`)
  }
  const attributes = validateAttributes(init.kind, init.attributes ?? {})
  const { start, end } = init.span
  if (start === end) throw new AnnotationError('empty-span', 'an annotation needs some text')
  const current = fragmentText(content)
  const quote = quoteAt(current.text, init.span)
  const from = current.typeIndexAt(start)
  const to = current.typeIndexAt(end)
  const anchor: Anchor = {
    ...quote,
    // assoc 0 sticks the start to the first character, -1 sticks the end to the last.
    start: Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(from.type, from.index, 0),
    ),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(to.type, to.index, -1)),
    position: { start, end },
  }
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
  }
  const map = annotationsMap(annotations)
  if (map.has(annotation.id)) {
    throw new AnnotationError('duplicate-id', `an annotation with id "${annotation.id}" exists`)
  }
  annotations.transact(() => map.set(annotation.id, toRecord(annotation)), options.origin)
  return annotation
}

/** The stored form: plain fields, the anchor as one value, attributes as a nested Y.Map. */
function toRecord(annotation: Annotation): RecordMap {
  const { attributes, anchor, ...fields } = annotation
  const record = newRecord({ ...fields, anchor: { ...anchor, position: { ...anchor.position } } })
  record.set('attributes', newRecord(attributes))
  return record
}

/** Reads a stored annotation; null when the record lacks a well-formed anchor. */
function readAnnotation(id: string, record: RecordMap): Annotation | null {
  const anchor = readAnchor(record.get('anchor'))
  if (!anchor) return null
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

/** The fields of an annotation that can be edited; `attributes` replaces them all. */
export interface AnnotationPatch {
  kind?: string
  attributes?: Record<string, unknown>
  note?: string
  now?: string
}

/**
 * Edits an annotation's kind, attributes or note (only the attributes that change
 * are written, so concurrent edits of different attributes merge); returns it, or
 * null when unknown. Throws AnnotationError for an unknown kind or invalid attributes.
 */
export function updateAnnotation(
  annotations: Y.Doc,
  id: string,
  patch: AnnotationPatch,
  options: AnnotationWriteOptions = {},
): Annotation | null {
  const record = recordOf(annotationsMap(annotations), id)
  const before = record ? readAnnotation(id, record) : null
  if (!record || !before) return null
  const kind = patch.kind ?? before.kind
  if (patch.kind !== undefined && !findKind(options.codebook ?? defaultCodebook, kind)) {
    throw new AnnotationError('unknown-kind', `unknown kind "${kind}"`)
  }
  const attributes =
    patch.attributes || patch.kind !== undefined
      ? validateAttributes(kind, patch.attributes ?? before.attributes)
      : null
  annotations.transact(() => {
    if (patch.kind !== undefined) record.set('kind', patch.kind)
    if (patch.note !== undefined) record.set('note', patch.note)
    if (attributes) writeAttributes(record, attributes)
    record.set('modified', stamp(patch.now))
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
  }
}
