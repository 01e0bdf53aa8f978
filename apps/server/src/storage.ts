/**
 * The SQLite database: documents, each room's update log and snapshot, tokens, the audit log and
 * meta. Every write is synchronous (better-sqlite3), so an update is on disk before the caller
 * relays it. The SQLite stores (`openStores` with a file) all work over one `Storage`.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CslItem } from '@warrant/document'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { type StoredDocument, toStoredDocument } from './document-store'
import { newShareId } from './token-store'

/** A room as stored: its snapshot and the log rows after it, oldest first. */
export interface StoredRoomRows {
  snapshot: Buffer | null
  rows: Array<{ id: number; update_data: Buffer }>
}

/** The rooms' state as read from disk: the snapshot and the log rows after it. */
export interface RoomLoad {
  /** Log rows applied on top of the snapshot. */
  logRows: number
}

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, record TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, update_data BLOB NOT NULL,
  time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS updates_room ON updates (room, id);
CREATE TABLE IF NOT EXISTS snapshots (
  room TEXT PRIMARY KEY, state BLOB NOT NULL, time TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, document TEXT, actor TEXT NOT NULL,
  share TEXT, channel TEXT NOT NULL, action TEXT NOT NULL, target TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS audit_document ON audit (document, id);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY, role TEXT NOT NULL, label TEXT NOT NULL, document TEXT,
  expires TEXT, created TEXT NOT NULL, id TEXT, kind TEXT NOT NULL DEFAULT 'share');
`

/**
 * Brings a tokens table from before share ids up to date: every row gets an id, the
 * command line's token (label "command line") is marked so the API never lists it, and
 * sessions get the column naming their share.
 */
function migrateTokens(db: Database.Database): void {
  const columns = db.prepare('PRAGMA table_info(tokens)').all() as Array<{ name: string }>
  const names = new Set(columns.map((column) => column.name))
  db.transaction(() => {
    if (!names.has('id')) db.exec('ALTER TABLE tokens ADD COLUMN id TEXT')
    // A reader's session token names the share it was opened with (null for a share itself).
    if (!names.has('parent')) db.exec('ALTER TABLE tokens ADD COLUMN parent TEXT')
    if (!names.has('kind')) {
      db.exec("ALTER TABLE tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'share'")
      db.exec(
        "UPDATE tokens SET kind = 'command-line' WHERE label = 'command line' AND role = 'owner'",
      )
    }
    const missing = db.prepare('SELECT hash FROM tokens WHERE id IS NULL').all() as Array<{
      hash: string
    }>
    const setId = db.prepare('UPDATE tokens SET id = ? WHERE hash = ?')
    for (const row of missing) setId.run(newShareId(), row.hash)
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS tokens_id ON tokens (id)')
    db.exec('CREATE INDEX IF NOT EXISTS tokens_parent ON tokens (parent)')
  })()
}

/** Options of the store. */
export interface StorageOptions {
  /** How long a statement waits for another connection's lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number
  /**
   * The largest the database file may grow, in bytes (rounded down to whole pages, never below
   * what it holds now): a write beyond fails with SQLITE_FULL as on a full disk. 0: no limit.
   */
  maxDatabaseBytes?: number
}

/** The server's SQLite database (WAL, synchronous=FULL). */
export class Storage {
  readonly db: Database.Database

  /** Opens (creating if needed) the database file; ':memory:' for tests. */
  constructor(file: string, options: StorageOptions = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('foreign_keys = ON')
    this.db.exec(schema)
    migrateTokens(this.db)
    if (options.maxDatabaseBytes) this.limitSize(options.maxDatabaseBytes)
  }

  /** Caps the file at `bytes` (SQLite keeps at least the pages already in use). */
  private limitSize(bytes: number): void {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(bytes / pageSize))}`)
  }

  /** A value of the meta table, or null. */
  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined
    return row?.value ?? null
  }

  /** Sets a value of the meta table. */
  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?',
      )
      .run(key, value, value)
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /** Every document, oldest first. */
  listDocuments(): StoredDocument[] {
    const rows = this.db
      .prepare('SELECT id, record, created FROM documents ORDER BY created, id')
      .all() as Array<{ id: string; record: string; created: string }>
    return rows.map(toStoredDocument)
  }

  /** One document, or null. */
  getDocument(id: string): StoredDocument | null {
    const row = this.db.prepare('SELECT id, record, created FROM documents WHERE id = ?').get(id) as
      | { id: string; record: string; created: string }
      | undefined
    return row ? toStoredDocument(row) : null
  }

  /** Adds a document's record. */
  addDocument(id: string, record: CslItem, created = new Date().toISOString()): void {
    this.db
      .prepare('INSERT INTO documents (id, record, created) VALUES (?, ?, ?)')
      .run(id, JSON.stringify(record), created)
  }

  /** Appends an update to a room's log; it is committed when this returns. */
  appendUpdate(room: string, update: Uint8Array): void {
    this.db
      .prepare('INSERT INTO updates (room, update_data, time) VALUES (?, ?, ?)')
      .run(room, update, new Date().toISOString())
  }

  /** Rows in a room's update log. */
  logLength(room: string): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?').get(room) as {
      n: number
    }
    return row.n
  }

  /** Replaces a room's snapshot (used when a document is first imported). */
  putSnapshot(room: string, state: Uint8Array): void {
    this.db
      .prepare(
        'INSERT INTO snapshots (room, state, time) VALUES (?, ?, ?) ' +
          'ON CONFLICT (room) DO UPDATE SET state = excluded.state, time = excluded.time',
      )
      .run(room, state, new Date().toISOString())
  }

  /** A room's snapshot, or null before its first. */
  snapshot(room: string): Buffer | null {
    const row = this.db.prepare('SELECT state FROM snapshots WHERE room = ?').get(room) as
      | { state: Buffer }
      | undefined
    return row?.state ?? null
  }

  /** A room's snapshot and its log rows after it (oldest first), read in one SQLite transaction. */
  readRoom(room: string): StoredRoomRows {
    return this.transaction(() => ({
      snapshot: this.snapshot(room),
      rows: this.db
        .prepare('SELECT id, update_data FROM updates WHERE room = ? ORDER BY id')
        .all(room) as StoredRoomRows['rows'],
    }))
  }

  /** Applies a room's snapshot and then its log to `doc`, read in one SQLite transaction. */
  loadRoom(room: string, doc: Y.Doc): RoomLoad {
    const { snapshot, rows } = this.readRoom(room)
    Y.transact(doc, () => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const row of rows) Y.applyUpdate(doc, row.update_data)
    })
    return { logRows: rows.length }
  }

  /** Closes the database. */
  close(): void {
    if (this.db.open) this.db.close()
  }
}
