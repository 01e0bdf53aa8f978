/**
 * Everything the server stores, opened in one place: the room log, the documents, the tokens,
 * the audit log and meta, either in one SQLite file (the default, one instance: every store
 * works over one `Storage` connection) or in one PostgreSQL schema shared by several instances
 * (every store works over one connection pool, and the tables are created on open).
 */
import type { AuditStore } from './audit-store'
import type { DocumentStore } from './document-store'
import { type MetaStore, PostgresMetaStore, SqliteMetaStore } from './meta-store'
import { PostgresAuditStore } from './postgres-audit-store'
import { PostgresDatabase } from './postgres-database'
import { PostgresDocumentStore } from './postgres-document-store'
import { PostgresRoomStore } from './postgres-room-store'
import { PostgresTokenStore } from './postgres-token-store'
import type { RoomStore } from './room-store'
import { SqliteAuditStore } from './sqlite-audit-store'
import { SqliteDocumentStore } from './sqlite-document-store'
import { SqliteRoomStore } from './sqlite-room-store'
import { SqliteTokenStore } from './sqlite-token-store'
import { Storage, type StorageOptions } from './storage'
import type { TokenStore } from './token-store'

/** The stores in a SQLite data file. */
export interface SqliteStoresOptions {
  /** The database file (its folder is created if needed), or ':memory:'. */
  file: string
  /** Busy timeout and size limit of the file. */
  sqlite?: StorageOptions
}

/** The stores in a PostgreSQL schema. */
export interface PostgresStoresOptions {
  /** A `postgres://` URL. */
  databaseUrl: string
  /** The schema holding the tables, created if missing (lower case, digits, `_`); default `warrant`. */
  schema?: string
  /** The most connections the shared pool opens; default 10. */
  maxConnections?: number
}

/** Where the stores are: a SQLite file or a PostgreSQL schema. */
export type StoresOptions = SqliteStoresOptions | PostgresStoresOptions

/** Every store of the server, over one database. */
export interface Stores {
  rooms: RoomStore
  documents: DocumentStore
  tokens: TokenStore
  audit: AuditStore
  meta: MetaStore
  /** Closes the database; no store may be used afterwards. */
  close(): Promise<void>
}

/** Opens the stores `options` name, creating the file or the schema and tables if missing. */
export async function openStores(options: StoresOptions): Promise<Stores> {
  return 'databaseUrl' in options ? openPostgres(options) : openSqlite(options)
}

/** The stores over one SQLite connection. */
export function sqliteStores(storage: Storage): Stores {
  return {
    rooms: new SqliteRoomStore(storage),
    documents: new SqliteDocumentStore(storage),
    tokens: new SqliteTokenStore(storage),
    audit: new SqliteAuditStore(storage),
    meta: new SqliteMetaStore(storage),
    close: async () => storage.close(),
  }
}

async function openSqlite(options: SqliteStoresOptions): Promise<Stores> {
  if (typeof options.file !== 'string' || options.file === '') {
    throw new TypeError('the SQLite stores need a data file (or ":memory:")')
  }
  return sqliteStores(new Storage(options.file, options.sqlite))
}

async function openPostgres(options: PostgresStoresOptions): Promise<Stores> {
  const database = await PostgresDatabase.open({
    connectionString: options.databaseUrl,
    schema: options.schema,
    maxConnections: options.maxConnections,
  })
  return {
    rooms: new PostgresRoomStore(database),
    documents: new PostgresDocumentStore(database),
    tokens: new PostgresTokenStore(database),
    audit: new PostgresAuditStore(database),
    meta: new PostgresMetaStore(database),
    close: () => database.close(),
  }
}
