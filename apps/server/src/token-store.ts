/**
 * The tokens table behind one interface, so the server can keep access tokens in SQLite (one
 * instance) or PostgreSQL (several, where a token made or revoked on one is seen by all at
 * once). It stores rows as `Tokens` (tokens.ts) hands them over: hashes, never secrets; what a
 * token means (expiry, roles, sessions of a share) is decided there.
 */
import { randomBytes } from 'node:crypto'

/** What a token lets its holder do, weakest first. */
export const roles = ['viewer', 'annotator', 'editor', 'owner'] as const

/** One of `roles`. */
export type Role = (typeof roles)[number]

/**
 * What a token is: a share link's, a reader's session opened with a share link, or the command
 * line's own (never listed or revocable through the API).
 */
export type TokenKind = 'share' | 'session' | 'command-line'

/** A share link as owners see it: everything but the secret. */
export interface Share {
  id: string
  role: Role
  label: string
  /** The one document it opens, or null for all documents. */
  document: string | null
  expires: string | null
  created: string
}

/** A token as stored: its hash, its public id, what it is and what it grants. */
export interface StoredToken {
  hash: string
  id: string
  kind: TokenKind
  /** A session's share id; null for any other token. */
  parent: string | null
  /** As written; a role the server does not know grants nothing. */
  role: string
  label: string
  document: string | null
  expires: string | null
  created: string
}

/** A token as found by its hash, with the kind of its parent (a session's share), if any. */
export interface FoundToken extends StoredToken {
  parentKind: TokenKind | null
}

/** A token store: every token, by its hash and by its id. */
export interface TokenStore {
  /**
   * Stores a new token; false (nothing stored) when it is a session whose parent token is gone,
   * so a session opened while its share is revoked elsewhere never outlives it.
   */
  insert(token: StoredToken): Promise<boolean>
  /** The token with this hash and its parent's kind, or null. */
  byHash(hash: string): Promise<FoundToken | null>
  /** The kind of the token with this id, or null when there is none. */
  kindOf(id: string): Promise<TokenKind | null>
  /** Changes the label of the token with this id. */
  rename(id: string, label: string): Promise<void>
  /**
   * The shares that open a document (its own and the all-document ones), or every share when
   * `documentId` is null; oldest first.
   */
  shares(documentId: string | null): Promise<Share[]>
  /** One share by its id, or null (also for a session's or the command line's id). */
  share(id: string): Promise<Share | null>
  /** Deletes a share and every session opened with it in one transaction; the share, or null. */
  revokeShare(id: string): Promise<Share | null>
  /** Deletes the token with this hash; false when there was none. */
  deleteByHash(hash: string): Promise<boolean>
}

/** A new share id: public (it names a share in lists and revocations), never a secret. */
export function newShareId(): string {
  return randomBytes(9).toString('base64url')
}

/** A share row as both stores read it. */
export function toShare(row: Omit<Share, 'role'> & { role: string }): Share {
  return {
    id: row.id,
    role: row.role as Role,
    label: row.label,
    document: row.document,
    expires: row.expires,
    created: row.created,
  }
}

/** The columns of a share, in the order both stores select them. */
export const shareColumns = 'id, role, label, document, expires, created'

/** The columns of a stored token. */
export const tokenColumns = 'hash, id, kind, parent, role, label, document, expires, created'

/** Reads a token by its hash (`?` or `$1`) with its parent's kind, from `table`. */
export function foundTokenQuery(table: string, placeholder: string): string {
  const columns = tokenColumns
    .split(', ')
    .map((column) => `t.${column}`)
    .join(', ')
  return (
    `SELECT ${columns}, p.kind AS "parentKind" FROM ${table} t ` +
    `LEFT JOIN ${table} p ON p.id = t.parent WHERE t.hash = ${placeholder}`
  )
}
