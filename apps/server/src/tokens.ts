/**
 * Access tokens: random secrets handed out as share links, stored only as their sha256 hash,
 * each with a public share id, a role, a label (the display name of its holder), an optional
 * document and an optional expiry. A reader who opens a link in a browser trades it for a
 * session token of their own, with the link's rights and their own display name, so that
 * several people can hold one link and still each be who they say (and revoking the link ends
 * every session opened with it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { newShareId, type Storage } from './storage'

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

/** A valid token's access and the share it was handed out as. */
export interface TokenAccess extends Access {
  /** The share's id (public: it names the share in lists and revocations). */
  share: string
  /** The session's id when the token is a reader's session, else null. */
  session: string | null
  /** When the token stops working (ISO time), or null for never. */
  expires: string | null
}

/** Who a token speaks for: its session, else its share (one holder of the link). */
export function identityOf(access: TokenAccess): string {
  return access.session ?? access.share
}

/** What a new token grants. */
export interface TokenOptions extends Access {
  /** ISO time after which the token stops working; null for never. */
  expires?: string | null
  /** The command line's own token: never listed or revocable through the API. */
  commandLine?: boolean
}

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

interface ShareRow {
  id: string
  role: string
  label: string
  document: string | null
  expires: string | null
  created: string
}

const shareColumns = 'id, role, label, document, expires, created'

interface TokenRow {
  id: string
  kind: string
  parent: string | null
  role: string
  label: string
  document: string | null
  expires: string | null
}

function toShare(row: ShareRow): Share {
  return {
    id: row.id,
    role: row.role as Role,
    label: row.label,
    document: row.document,
    expires: row.expires,
    created: row.created,
  }
}

/** The tokens table. */
export class Tokens {
  constructor(private readonly storage: Storage) {}

  /** Creates a token and returns its secret (shown once; only the hash is stored). */
  create(options: TokenOptions): string {
    return this.issue(options).token
  }

  /** Creates a token: its secret (shown once; only the hash is stored) and its share. */
  issue(options: TokenOptions): { token: string; share: Share } {
    const token = randomBytes(24).toString('base64url')
    const share: Share = {
      id: newShareId(),
      role: options.role,
      label: options.label,
      document: options.document,
      expires: options.expires ?? null,
      created: new Date().toISOString(),
    }
    this.storage.db
      .prepare(
        'INSERT INTO tokens (hash, id, kind, role, label, document, expires, created) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        hash(token),
        share.id,
        options.commandLine ? 'command-line' : 'share',
        share.role,
        share.label,
        share.document,
        share.expires,
        share.created,
      )
    return { token, share }
  }

  /** The access a token grants, or null when it is unknown, malformed or expired. */
  verify(token: string | null | undefined, now = new Date()): TokenAccess | null {
    if (!token || token.length > 256) return null
    const row = this.storage.db
      .prepare('SELECT id, kind, parent, role, label, document, expires FROM tokens WHERE hash = ?')
      .get(hash(token)) as TokenRow | undefined
    if (!row) return null
    if (row.expires !== null && Date.parse(row.expires) <= now.getTime()) return null
    if (!(roles as readonly string[]).includes(row.role)) return null
    const session = row.kind === 'session' ? row.id : null
    return {
      role: row.role as Role,
      label: row.label,
      document: row.document,
      share: session !== null && row.parent !== null ? row.parent : row.id,
      session,
      expires: row.expires,
    }
  }

  /**
   * A session token for one reader of a valid token: the same role, document, expiry and
   * share, under the reader's own display name. Shown once, stored as a hash.
   */
  openSession(access: TokenAccess, name: string): { token: string; id: string } {
    const token = randomBytes(24).toString('base64url')
    const id = newShareId()
    this.storage.db
      .prepare(
        'INSERT INTO tokens (hash, id, kind, parent, role, label, document, expires, created) ' +
          "VALUES (?, ?, 'session', ?, ?, ?, ?, ?, ?)",
      )
      .run(
        hash(token),
        id,
        access.share,
        access.role,
        name,
        access.document,
        access.expires,
        new Date().toISOString(),
      )
    return { token, id }
  }

  /** Changes the display name a token stands for (its session's, or its share's label). */
  rename(access: TokenAccess, name: string): void {
    this.storage.db
      .prepare('UPDATE tokens SET label = ? WHERE id = ?')
      .run(name, identityOf(access))
  }

  /**
   * The shares that open a document (its own and the all-document ones), or every share when
   * `documentId` is null; oldest first. The command line's token is never among them.
   */
  list(documentId: string | null): Share[] {
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

  /** One share by its id, or null (also for the command line's token). */
  find(id: string): Share | null {
    const row = this.storage.db
      .prepare(`SELECT ${shareColumns} FROM tokens WHERE id = ? AND kind = 'share'`)
      .get(id) as ShareRow | undefined
    return row ? toShare(row) : null
  }

  /**
   * Makes a share's token, and every session opened with it, stop working at once; the share,
   * or null when there was none.
   */
  revokeById(id: string): Share | null {
    const share = this.find(id)
    if (!share) return null
    this.storage.transaction(() => {
      this.storage.db.prepare("DELETE FROM tokens WHERE id = ? AND kind = 'share'").run(id)
      this.storage.db.prepare("DELETE FROM tokens WHERE parent = ? AND kind = 'session'").run(id)
    })
    return share
  }

  /** Makes a token stop working at once; false when it was unknown. */
  revoke(token: string): boolean {
    const result = this.storage.db.prepare('DELETE FROM tokens WHERE hash = ?').run(hash(token))
    return result.changes > 0
  }
}
