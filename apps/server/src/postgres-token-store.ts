/**
 * The tokens in PostgreSQL, which several server instances share: a token made on one instance
 * opens on every other at once, and a share revoked on one (with its sessions, in one
 * transaction) stops working on all of them.
 */
import type { PostgresDatabase } from './postgres-database'
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

/** `TokenStore` over a PostgreSQL database. */
export class PostgresTokenStore implements TokenStore {
  private readonly table: string

  /** Uses `database`'s pool, which the caller still owns. */
  constructor(private readonly database: PostgresDatabase) {
    this.table = `${database.schema}.tokens`
  }

  /**
   * Stores a new token. A session first locks its parent's row (FOR SHARE): a revocation
   * committed before finds no row, and one running meanwhile waits and then deletes the session.
   */
  async insert(token: StoredToken): Promise<boolean> {
    return this.database.inTransaction('READ COMMITTED', async (client) => {
      if (token.parent !== null) {
        const parent = await client.query(
          `SELECT 1 FROM ${this.table} WHERE id = $1 AND kind <> 'session' FOR SHARE`,
          [token.parent],
        )
        if (parent.rows.length === 0) return false
      }
      await client.query(
        `INSERT INTO ${this.table} (${tokenColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          token.hash,
          token.id,
          token.kind,
          token.parent,
          token.role,
          token.label,
          token.document,
          token.expires,
          token.created,
        ],
      )
      return true
    })
  }

  /** The token with this hash and its parent's kind, or null. */
  async byHash(hash: string): Promise<FoundToken | null> {
    const result = await this.database.query<FoundToken>(foundTokenQuery(this.table, '$1'), [hash])
    return result.rows[0] ?? null
  }

  /** The kind of the token with this id, or null. */
  async kindOf(id: string): Promise<TokenKind | null> {
    const result = await this.database.query<{ kind: TokenKind }>(
      `SELECT kind FROM ${this.table} WHERE id = $1`,
      [id],
    )
    return result.rows[0]?.kind ?? null
  }

  /** Changes a token's label. */
  async rename(id: string, label: string): Promise<void> {
    await this.database.query(`UPDATE ${this.table} SET label = $1 WHERE id = $2`, [label, id])
  }

  /** The shares that open a document, or every share; oldest first. */
  async shares(documentId: string | null): Promise<Share[]> {
    const result =
      documentId === null
        ? await this.database.query<ShareRow>(
            `SELECT ${shareColumns} FROM ${this.table} WHERE kind = 'share' ORDER BY created, seq`,
          )
        : await this.database.query<ShareRow>(
            `SELECT ${shareColumns} FROM ${this.table} WHERE kind = 'share'
             AND (document IS NULL OR document = $1) ORDER BY created, seq`,
            [documentId],
          )
    return result.rows.map(toShare)
  }

  /** One share by its id, or null. */
  async share(id: string): Promise<Share | null> {
    const result = await this.database.query<ShareRow>(
      `SELECT ${shareColumns} FROM ${this.table} WHERE id = $1 AND kind = 'share'`,
      [id],
    )
    const row = result.rows[0]
    return row ? toShare(row) : null
  }

  /** Deletes a share and its sessions in one transaction. */
  async revokeShare(id: string): Promise<Share | null> {
    return this.database.inTransaction('READ COMMITTED', async (client) => {
      const deleted = await client.query<ShareRow>(
        `DELETE FROM ${this.table} WHERE id = $1 AND kind = 'share' RETURNING ${shareColumns}`,
        [id],
      )
      const row = deleted.rows[0]
      if (!row) return null
      await client.query(`DELETE FROM ${this.table} WHERE parent = $1 AND kind = 'session'`, [id])
      return toShare(row)
    })
  }

  /** Deletes the token with this hash. */
  async deleteByHash(hash: string): Promise<boolean> {
    const result = await this.database.query(`DELETE FROM ${this.table} WHERE hash = $1`, [hash])
    return (result.rowCount ?? 0) > 0
  }
}
