/**
 * The data's own settings behind one interface: a few named values such as when the data was
 * first seeded and which share is the instance owner's, kept beside the rest in SQLite (over the
 * server's `Storage`) or PostgreSQL (in the stores' schema). Meant for a handful of keys, not
 * for anything a user wrote.
 */
import type { PostgresDatabase } from './postgres-database'
import type { Storage } from './storage'

/** A store of named values. */
export interface MetaStore {
  /** A value, or null when it was never set. */
  get(key: string): Promise<string | null>
  /** Sets a value, replacing the one before. */
  set(key: string, value: string): Promise<void>
}

/** Meta keys the server writes, so the stores' readers agree on them. */
export const metaKeys = {
  /** When the data was first seeded (ISO time). */
  seeded: 'seeded',
  /** The share id of the owner token made on the first start. */
  instanceOwner: 'instance-owner',
} as const

/** `MetaStore` over the server's SQLite database. */
export class SqliteMetaStore implements MetaStore {
  /** Uses `storage`, which the caller still owns. */
  constructor(private readonly storage: Storage) {}

  /** A value of the meta table, or null. */
  async get(key: string): Promise<string | null> {
    return this.storage.getMeta(key)
  }

  /** Sets a value of the meta table. */
  async set(key: string, value: string): Promise<void> {
    this.storage.setMeta(key, value)
  }
}

/** `MetaStore` over a PostgreSQL database. */
export class PostgresMetaStore implements MetaStore {
  /** Uses `database`'s pool, which the caller still owns. */
  constructor(private readonly database: PostgresDatabase) {}

  /** A value of the meta table, or null. */
  async get(key: string): Promise<string | null> {
    const result = await this.database.query<{ value: string }>(
      `SELECT value FROM ${this.database.schema}.meta WHERE key = $1`,
      [key],
    )
    return result.rows[0]?.value ?? null
  }

  /** Sets a value of the meta table. */
  async set(key: string, value: string): Promise<void> {
    await this.database.query(
      `INSERT INTO ${this.database.schema}.meta (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    )
  }
}
