/**
 * Access tokens: random secrets handed out as links, stored only as their sha256 hash,
 * each with a role, a label (the display name of its holder) and an optional document.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Storage } from './storage'

/** What a token lets its holder do, weakest first. */
export const roles = ['viewer', 'annotator', 'editor', 'owner'] as const

/** One of `roles`. */
export type Role = (typeof roles)[number]

/** Who is behind a valid token. */
export interface Access {
  role: Role
  label: string
  /** The one document the token opens, or null for all documents. */
  document: string | null
}

/** What a new token grants. */
export interface TokenOptions extends Access {
  /** ISO time after which the token stops working; null for never. */
  expires?: string | null
}

/** Whether `role` includes everything `needed` may do. */
export function hasRole(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed)
}

/** Whether an access may open a document at all. */
export function mayOpen(access: Access, documentId: string): boolean {
  return access.document === null || access.document === documentId
}

function hash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** The tokens table. */
export class Tokens {
  constructor(private readonly storage: Storage) {}

  /** Creates a token and returns its secret (shown once; only the hash is stored). */
  create(options: TokenOptions): string {
    const token = randomBytes(24).toString('base64url')
    this.storage.db
      .prepare(
        'INSERT INTO tokens (hash, role, label, document, expires, created) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        hash(token),
        options.role,
        options.label,
        options.document,
        options.expires ?? null,
        new Date().toISOString(),
      )
    return token
  }

  /** The access a token grants, or null when it is unknown, malformed or expired. */
  verify(token: string | null | undefined, now = new Date()): Access | null {
    if (!token || token.length > 256) return null
    const row = this.storage.db
      .prepare('SELECT role, label, document, expires FROM tokens WHERE hash = ?')
      .get(hash(token)) as
      | { role: string; label: string; document: string | null; expires: string | null }
      | undefined
    if (!row) return null
    if (row.expires !== null && Date.parse(row.expires) <= now.getTime()) return null
    if (!(roles as readonly string[]).includes(row.role)) return null
    return { role: row.role as Role, label: row.label, document: row.document }
  }

  /** Makes a token stop working at once; false when it was unknown. */
  revoke(token: string): boolean {
    const result = this.storage.db.prepare('DELETE FROM tokens WHERE hash = ?').run(hash(token))
    return result.changes > 0
  }
}
