/**
 * Relations between annotations (evidence supports or contradicts a claim, a claim cites a
 * source), stored in the annotations Y.Doc beside the annotations they link.
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
import { type Relation, type RelationType, relationTargets, relationTypes } from './model'

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

/**
 * Links two existing, different annotations, with an optional note; throws AnnotationError
 * otherwise, or 'relation-kind-mismatch' when `to` is not of the kind the type needs.
 */
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
  for (const end of ['from', 'to'] as const) {
    if (!recordOf(existing, init[end])) {
      throw new AnnotationError('missing-annotation', `no annotation with id "${init[end]}"`, end)
    }
  }
  const target = relationTargets[init.type]
  const kind = recordOf(existing, init.to)?.get('kind')
  if (target !== undefined && kind !== target) {
    throw new AnnotationError(
      'relation-kind-mismatch',
      `a "${init.type}" relation points to a ${target}, not to a ${String(kind)}`,
      'to',
    )
  }
  const map = relationsMap(annotations)
  if (map.has(relation.id)) {
    throw new AnnotationError('duplicate-id', `a relation with id "${relation.id}" exists`)
  }
  annotations.transact(() => map.set(relation.id, newRecord({ ...relation })), options.origin)
  return relation
}

/**
 * Throws AnnotationError 'relation-kind-mismatch' when annotation `id` taking `kind` would break
 * a relation pointing to it (a `cites` needs a source, `about` an actor, `resolves` a prediction).
 */
export function checkIncomingRelations(annotations: Y.Doc, id: string, kind: string): void {
  for (const relation of listRelations(annotations)) {
    const target = relationTargets[relation.type]
    if (relation.to !== id || target === undefined || target === kind) continue
    throw new AnnotationError(
      'relation-kind-mismatch',
      `a "${relation.type}" relation (${relation.id}) points to this annotation, so it stays a ${target}: delete the relation first`,
      'kind',
    )
  }
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
