/**
 * Relations between annotations (evidence supports or contradicts a claim), stored
 * in the annotations Y.Doc beside the annotations they link.
 */
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import { AnnotationError } from './error'
import {
  annotationsMap,
  byCreation,
  newRecord,
  type RecordMap,
  recordOf,
  relationsMap,
  stamp,
  stringField,
  type WriteOptions,
} from './layout'
import { type Relation, type RelationType, relationTypes } from './model'

/** What a new relation needs; id and time are generated unless given. */
export interface RelationInit {
  type: RelationType
  from: string
  to: string
  creator: string
  note?: string
  id?: string
  now?: string
}

/** Links two existing, different annotations; throws AnnotationError otherwise. */
export function createRelation(
  annotations: Y.Doc,
  init: RelationInit,
  options: WriteOptions = {},
): Relation {
  if (!(relationTypes as readonly string[]).includes(init.type)) {
    throw new AnnotationError(
      'unknown-relation-type',
      `unknown relation type "${init.type}" (one of ${relationTypes.join(', ')})`,
    )
  }
  if (init.from === init.to) {
    throw new AnnotationError('self-relation', 'an annotation cannot be related to itself')
  }
  const relation: Relation = {
    id: init.id ?? uuidv4(),
    type: init.type,
    from: init.from,
    to: init.to,
    note: init.note ?? '',
    creator: init.creator,
    created: stamp(init.now),
  }
  const existing = annotationsMap(annotations)
  for (const end of [init.from, init.to]) {
    if (!recordOf(existing, end)) {
      throw new AnnotationError('missing-annotation', `no annotation with id "${end}"`)
    }
  }
  const map = relationsMap(annotations)
  if (map.has(relation.id)) {
    throw new AnnotationError('duplicate-id', `a relation with id "${relation.id}" exists`)
  }
  annotations.transact(() => map.set(relation.id, newRecord({ ...relation })), options.origin)
  return relation
}

/** Reads a stored relation. */
export function readRelation(id: string, record: RecordMap): Relation | null {
  const type = record.get('type')
  if (!(relationTypes as readonly unknown[]).includes(type)) return null
  return {
    id,
    type: type as RelationType,
    from: stringField(record, 'from'),
    to: stringField(record, 'to'),
    note: stringField(record, 'note'),
    creator: stringField(record, 'creator'),
    created: stringField(record, 'created'),
  }
}

/**
 * Every relation whose two ends exist, oldest first. A relation whose end another
 * replica deleted concurrently stays stored but is not listed.
 */
export function listRelations(annotations: Y.Doc): Relation[] {
  const existing = annotationsMap(annotations)
  const out: Relation[] = []
  for (const [id, record] of relationsMap(annotations).entries()) {
    if (!(record instanceof Y.Map)) continue
    const relation = readRelation(id, record)
    if (relation && existing.has(relation.from) && existing.has(relation.to)) out.push(relation)
  }
  return out.sort(byCreation)
}

/** The ids of the relation records that reference an annotation (either end). */
export function relationIdsOf(annotations: Y.Doc, annotation: string): string[] {
  const ids: string[] = []
  for (const [id, record] of relationsMap(annotations).entries()) {
    if (record.get('from') === annotation || record.get('to') === annotation) ids.push(id)
  }
  return ids
}

/** Removes a relation; returns it, or null when there was none. */
export function deleteRelation(
  annotations: Y.Doc,
  id: string,
  options: WriteOptions = {},
): Relation | null {
  const map = relationsMap(annotations)
  const record = recordOf(map, id)
  if (!record) return null
  const removed = readRelation(id, record)
  annotations.transact(() => map.delete(id), options.origin)
  return removed
}
