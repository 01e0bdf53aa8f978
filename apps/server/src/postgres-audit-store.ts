/**
 * The audit log in PostgreSQL, which several server instances share: each instance appends its
 * own entries, numbered by one sequence, and every instance lists them all.
 */
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
import type { PostgresDatabase } from './postgres-database'

/** `AuditStore` over a PostgreSQL database. */
export class PostgresAuditStore implements AuditStore {
  private readonly table: string

  /** Uses `database`'s pool, which the caller still owns. */
  constructor(private readonly database: PostgresDatabase) {
    this.table = `${database.schema}.audit`
  }

  /** Stores an entry; its id. */
  async append(entry: AuditEntryInit): Promise<number> {
    const result = await this.database.query<{ id: string }>(
      `INSERT INTO ${this.table} (${auditColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id`,
      auditValues(entry),
    )
    return Number(result.rows[0]!.id)
  }

  /** Replaces an entry's detail. */
  async amend(id: number, detail: AuditDetail): Promise<void> {
    await this.database.query(`UPDATE ${this.table} SET detail = $1 WHERE id = $2`, [
      JSON.stringify(detail),
      id,
    ])
  }

  /** Entries newest first, a page at a time. */
  async list(filter: AuditFilter = {}): Promise<AuditPage> {
    const { where, values, limit } = auditWhere(filter, (n) => `$${n}`)
    const result = await this.database.query<AuditRow>(
      `SELECT id, ${auditColumns} FROM ${this.table} ${where}ORDER BY id DESC
       LIMIT $${values.length + 1}`,
      [...values, limit + 1],
    )
    return auditPage(result.rows, limit)
  }
}
