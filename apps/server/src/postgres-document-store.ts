/**
 * The documents in PostgreSQL, which several server instances share. A document is created with
 * its rooms' snapshots in one transaction, each under its room's lock as `PostgresRoomStore`
 * takes it; of two instances creating one id at once, one creates it and the other is told no.
 */
import type { CslItem } from '@warrant/document'
import {
  type DocumentStore,
  type NewDocument,
  recordText,
  type StoredDocument,
  toStoredDocument,
} from './document-store'
import type { PostgresDatabase } from './postgres-database'
import { lockRoom, writeSnapshot } from './postgres-room-store'

type DocumentRow = Parameters<typeof toStoredDocument>[0]

/** `DocumentStore` over a PostgreSQL database. */
export class PostgresDocumentStore implements DocumentStore {
  private readonly table: string

  /** Uses `database`'s pool, which the caller still owns. */
  constructor(private readonly database: PostgresDatabase) {
    this.table = `${database.schema}.documents`
  }

  /** Every document, oldest first. */
  async list(): Promise<StoredDocument[]> {
    const result = await this.database.query<DocumentRow>(
      `SELECT id, record, created FROM ${this.table} ORDER BY created, id`,
    )
    return result.rows.map(toStoredDocument)
  }

  /** One document, or null. */
  async get(id: string): Promise<StoredDocument | null> {
    const result = await this.database.query<DocumentRow>(
      `SELECT id, record, created FROM ${this.table} WHERE id = $1`,
      [id],
    )
    const row = result.rows[0]
    return row ? toStoredDocument(row) : null
  }

  /** Stores the document and its snapshots in one transaction. */
  async create(document: NewDocument): Promise<boolean> {
    const { schema } = this.database
    return this.database.inTransaction('READ COMMITTED', async (client) => {
      // A concurrent insert of the same id waits for this one, then inserts nothing.
      const inserted = await client.query(
        `INSERT INTO ${this.table} (id, record, created) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING`,
        [document.id, recordText(document.record), document.created ?? new Date().toISOString()],
      )
      if (inserted.rowCount === 0) return false
      for (const { room, state } of document.snapshots) {
        await lockRoom(client, schema, room)
        await writeSnapshot(client, schema, room, state)
      }
      return true
    })
  }

  /** Replaces a document's record. */
  async updateRecord(id: string, record: CslItem): Promise<boolean> {
    const result = await this.database.query(`UPDATE ${this.table} SET record = $1 WHERE id = $2`, [
      recordText(record),
      id,
    ])
    return (result.rowCount ?? 0) > 0
  }
}
