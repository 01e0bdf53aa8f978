/**
 * The layout of a document's annotations Y.Doc (three Y.Maps of nested Y.Maps, one
 * per record, so concurrent edits of different fields merge), shared by the store modules.
 */
import * as Y from 'yjs'

/** Name of the Y.Map of annotations (id -> Y.Map of the annotation's fields). */
export const ANNOTATIONS = 'annotations'
/** Name of the Y.Map of relations (id -> Y.Map of the relation's fields). */
export const RELATIONS = 'relations'
/** Name of the Y.Map of comments (id -> Y.Map of the comment's fields). */
export const COMMENTS = 'comments'

/** Options of every write: the transaction origin (the web app passes a tracked origin for undo). */
export interface WriteOptions {
  origin?: unknown
}

/** One record as stored: a Y.Map of its fields. */
export type RecordMap = Y.Map<unknown>

/** The annotations map of an annotations Y.Doc. */
export function annotationsMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap<RecordMap>(ANNOTATIONS)
}

/** The relations map of an annotations Y.Doc. */
export function relationsMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap<RecordMap>(RELATIONS)
}

/** The comments map of an annotations Y.Doc. */
export function commentsMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap<RecordMap>(COMMENTS)
}

/** The records of a map that are Y.Maps (anything else a peer wrote is ignored). */
export function records(map: Y.Map<RecordMap>): RecordMap[] {
  const out: RecordMap[] = []
  for (const value of map.values()) if (value instanceof Y.Map) out.push(value)
  return out
}

/** A record's Y.Map, or null when the id is unknown. */
export function recordOf(map: Y.Map<RecordMap>, id: string): RecordMap | null {
  const value = map.get(id)
  return value instanceof Y.Map ? value : null
}

/** A new record map filled with plain fields. */
export function newRecord(fields: Record<string, unknown>): RecordMap {
  const record = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(fields)) record.set(key, value)
  return record
}

/** A string field, or `fallback` when absent or not a string. */
export function stringField(record: RecordMap, key: string, fallback = ''): string {
  const value = record.get(key)
  return typeof value === 'string' ? value : fallback
}

/** Sorts records by creation time, then id, so every replica lists them in the same order. */
export function byCreation<T extends { created: string; id: string }>(a: T, b: T): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The time to stamp on a write: the one given, or now. */
export function stamp(now: string | undefined): string {
  return now ?? new Date().toISOString()
}
