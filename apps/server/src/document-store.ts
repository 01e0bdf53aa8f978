/**
 * The documents behind one interface: each document's id, bibliographic record and creation
 * time, so the server can keep them in SQLite (one instance) or PostgreSQL (several). A document
 * is created together with its rooms' first snapshots in one method, since no transaction
 * crosses the interface: a failure leaves nothing half-made.
 */
import type { CslItem } from '@warrant/document'

/** A document row: its id, its CSL record and when it was added. */
export interface StoredDocument {
  id: string
  record: CslItem
  created: string
}

/** A document to create, with the first snapshot of each of its rooms. */
export interface NewDocument {
  id: string
  record: CslItem
  /** ISO time; now unless given. */
  created?: string
  /** The rooms' first states (`Y.encodeStateAsUpdate`), stored in the same transaction. */
  snapshots: ReadonlyArray<{ room: string; state: Uint8Array }>
}

/** A document store: the documents and their records. */
export interface DocumentStore {
  /** Every document, oldest first. */
  list(): Promise<StoredDocument[]>
  /** One document, or null. */
  get(id: string): Promise<StoredDocument | null>
  /**
   * Stores a document and its rooms' snapshots in one transaction; false (and nothing written)
   * when a document already has its id.
   */
  create(document: NewDocument): Promise<boolean>
  /** Replaces a document's record; false when there is no such document. */
  updateRecord(id: string, record: CslItem): Promise<boolean>
}

/** The JSON text of a record as both stores keep it. */
export function recordText(record: CslItem): string {
  return JSON.stringify(record)
}

/** A document row as both stores read it. */
export function toStoredDocument(row: {
  id: string
  record: string
  created: string
}): StoredDocument {
  return { id: row.id, record: JSON.parse(row.record) as CslItem, created: row.created }
}
