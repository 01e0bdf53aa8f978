/**
 * The tokens in SQLite, over the server's own `Storage` (its `tokens` table and its connection),
 * so the default store is the one the server has always written. Every call runs synchronously;
 * the promises only give it the shape of `TokenStore`.
 */
import type { Storage } from './storage'
import {
  type FoundToken,
  foundTokenQuery,
  type Share,
  type StoredToken,
  shareColumns,
  type TokenKind,
  type TokenStore,
  tokenColumns,
  toShare,
} from './token-store'

type ShareRow = Parameters<typeof toShare>[0]

/** `TokenStore` over the server's SQLite database. */
export class SqliteTokenStore implements TokenStore {
  /** Uses `storage`, which the caller still owns. */
  constructor(private readonly storage: Storage) {}

  /** Stores a new token (a session only while its parent token is there). */
  async insert(token: StoredToken): Promise<boolean> {
    return this.storage.transaction(() => {
      if (token.parent !== null && !this.parentExists(token.parent)) return false
      this.storage.db
        .prepare(`INSERT INTO tokens (${tokenColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          token.hash,
          token.id,
          token.kind,
          token.parent,
          token.role,
          token.label,
          token.document,
          token.expires,
          token.created,
        )
      return true
    })
  }

  private parentExists(id: string): boolean {
    return (
      this.storage.db.prepare("SELECT 1 FROM tokens WHERE id = ? AND kind <> 'session'").get(id) !==
      undefined
    )
  }

  /** The token with this hash and its parent's kind, or null. */
  async byHash(hash: string): Promise<FoundToken | null> {
    const row = this.storage.db.prepare(foundTokenQuery('tokens', '?')).get(hash) as
      | FoundToken
      | undefined
    return row ?? null
  }

  /** The kind of the token with this id, or null. */
  async kindOf(id: string): Promise<TokenKind | null> {
    const row = this.storage.db.prepare('SELECT kind FROM tokens WHERE id = ?').get(id) as
      | { kind: TokenKind }
      | undefined
    return row?.kind ?? null
  }

  /** Changes a token's label. */
  async rename(id: string, label: string): Promise<void> {
    this.storage.db.prepare('UPDATE tokens SET label = ? WHERE id = ?').run(label, id)
  }

  /** The shares that open a document, or every share; oldest first. */
  async shares(documentId: string | null): Promise<Share[]> {
    const rows = (
      documentId === null
        ? this.storage.db
            .prepare(
              `SELECT ${shareColumns} FROM tokens WHERE kind = 'share' ORDER BY created, rowid`,
            )
            .all()
        : this.storage.db
            .prepare(
              `SELECT ${shareColumns} FROM tokens WHERE kind = 'share' ` +
                'AND (document IS NULL OR document = ?) ORDER BY created, rowid',
            )
            .all(documentId)
    ) as ShareRow[]
    return rows.map(toShare)
  }

  /** One share by its id, or null. */
  async share(id: string): Promise<Share | null> {
    const row = this.storage.db
      .prepare(`SELECT ${shareColumns} FROM tokens WHERE id = ? AND kind = 'share'`)
      .get(id) as ShareRow | undefined
    return row ? toShare(row) : null
  }

  /** Deletes a share and its sessions in one SQLite transaction. */
  async revokeShare(id: string): Promise<Share | null> {
    return this.storage.transaction(() => {
      const row = this.storage.db
        .prepare(`DELETE FROM tokens WHERE id = ? AND kind = 'share' RETURNING ${shareColumns}`)
        .get(id) as ShareRow | undefined
      if (!row) return null
      this.storage.db.prepare("DELETE FROM tokens WHERE parent = ? AND kind = 'session'").run(id)
      return toShare(row)
    })
  }

  /** Deletes the token with this hash. */
  async deleteByHash(hash: string): Promise<boolean> {
    return this.storage.db.prepare('DELETE FROM tokens WHERE hash = ?').run(hash).changes > 0
  }
}
