/**
 * The documents in SQLite, over the server's own `Storage` (its `documents` and `snapshots`
 * tables and its connection), so the default store is the one the server has always written.
 * Every call runs synchronously; the promises only give it the shape of `DocumentStore`.
 */
import type { CslItem } from '@warrant/document'
import {
  type DocumentStore,
  type NewDocument,
  recordText,
  type StoredDocument,
} from './document-store'
import type { Storage } from './storage'

/** `DocumentStore` over the server's SQLite database. */
export class SqliteDocumentStore implements DocumentStore {
  /** Uses `storage`, which the caller still owns. */
  constructor(private readonly storage: Storage) {}

  /** Every document, oldest first. */
  async list(): Promise<StoredDocument[]> {
    return this.storage.listDocuments()
  }

  /** One document, or null. */
  async get(id: string): Promise<StoredDocument | null> {
    return this.storage.getDocument(id)
  }

  /** Stores the document and its snapshots in one SQLite transaction. */
  async create(document: NewDocument): Promise<boolean> {
    return this.storage.transaction(() => {
      if (this.storage.getDocument(document.id)) return false
      this.storage.addDocument(document.id, document.record, document.created)
      for (const { room, state } of document.snapshots) this.storage.putSnapshot(room, state)
      return true
    })
  }

  /** Replaces a document's record. */
  async updateRecord(id: string, record: CslItem): Promise<boolean> {
    const result = this.storage.db
      .prepare('UPDATE documents SET record = ? WHERE id = ?')
      .run(recordText(record), id)
    return result.changes > 0
  }
}
