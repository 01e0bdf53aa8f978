/**
 * The audit log in SQLite, over the server's own `Storage` (its `audit` table and its
 * connection), so the default store is the one the server has always written. Every call runs
 * synchronously; the promises only give it the shape of `AuditStore`.
 */
import { Audit } from './audit'
import {
  type AuditDetail,
  type AuditEntryInit,
  type AuditFilter,
  type AuditPage,
  type AuditRow,
  type AuditStore,
  auditColumns,
  auditPage,
  auditValues,
  auditWhere,
} from './audit-store'
import type { Storage } from './storage'

/** `AuditStore` over the server's SQLite database. */
export class SqliteAuditStore implements AuditStore {
  /** Uses `storage`, which the caller still owns. */
  constructor(private readonly storage: Storage) {}

  /** Stores an entry; its id. */
  async append(entry: AuditEntryInit): Promise<number> {
    const result = this.storage.db
      .prepare(`INSERT INTO audit (${auditColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...auditValues(entry))
    return Number(result.lastInsertRowid)
  }

  /** Replaces an entry's detail. */
  async amend(id: number, detail: AuditDetail): Promise<void> {
    this.storage.db
      .prepare('UPDATE audit SET detail = ? WHERE id = ?')
      .run(JSON.stringify(detail), id)
  }

  /** Entries newest first, a page at a time. */
  async list(filter: AuditFilter = {}): Promise<AuditPage> {
    const { where, values, limit } = auditWhere(filter, () => '?')
    const rows = this.storage.db
      .prepare(`SELECT id, ${auditColumns} FROM audit ${where}ORDER BY id DESC LIMIT ?`)
      .all(...values, limit + 1) as AuditRow[]
    return auditPage(rows, limit)
  }
}

/**
 * An `Audit` writing to `storage`'s audit table: for the rooms, which still read and write
 * through `Storage` itself (its writes are synchronous, so entries keep their order).
 */
export function auditOver(storage: Storage): Audit {
  return new Audit(new SqliteAuditStore(storage))
}
