/**
 * Access tokens: random secrets handed out as share links, stored only as their sha256 hash,
 * each with a public share id, a role, a label (the display name of its holder), an optional
 * document and an optional expiry. A reader who opens a link in a browser trades it for a
 * session token of their own, with the link's rights and their own display name, so that
 * several people can hold one link and still each be who they say (and revoking the link ends
 * every session opened with it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { newShareId, type Role, roles, type Share, type TokenStore } from './token-store'

export { type Role, roles, type Share } from './token-store'

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
  /**
   * Whether it is the command line's own token, or a session opened with it: its requests are
   * the command line's.
   */
  commandLine: boolean
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

/** The access tokens: secrets made here, stored by their hash in a `TokenStore`. */
export class Tokens {
  constructor(private readonly store: TokenStore) {}

  /** Creates a token and returns its secret (shown once; only the hash is stored). */
  async create(options: TokenOptions): Promise<string> {
    return (await this.issue(options)).token
  }

  /** Creates a token: its secret (shown once; only the hash is stored) and its share. */
  async issue(options: TokenOptions): Promise<{ token: string; share: Share }> {
    const token = randomBytes(24).toString('base64url')
    const share: Share = {
      id: newShareId(),
      role: options.role,
      label: options.label,
      document: options.document,
      expires: options.expires ?? null,
      created: new Date().toISOString(),
    }
    await this.store.insert({
      ...share,
      hash: hash(token),
      kind: options.commandLine ? 'command-line' : 'share',
      parent: null,
    })
    return { token, share }
  }

  /** The access a token grants, or null when it is unknown, malformed or expired. */
  async verify(token: string | null | undefined, now = new Date()): Promise<TokenAccess | null> {
    if (!token || token.length > 256) return null
    const row = await this.store.byHash(hash(token))
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
      commandLine: row.kind === 'command-line' || row.parentKind === 'command-line',
    }
  }

  /**
   * A session token for one reader of a valid token: the same role, document, expiry and
   * share, under the reader's own display name. Shown once, stored as a hash. Null when the
   * share was revoked meanwhile.
   */
  async openSession(
    access: TokenAccess,
    name: string,
  ): Promise<{ token: string; id: string } | null> {
    const token = randomBytes(24).toString('base64url')
    const id = newShareId()
    const stored = await this.store.insert({
      hash: hash(token),
      id,
      kind: 'session',
      parent: access.share,
      role: access.role,
      label: name,
      document: access.document,
      expires: access.expires,
      created: new Date().toISOString(),
    })
    return stored ? { token, id } : null
  }

  /** Changes the display name a token stands for (its session's, or its share's label). */
  rename(access: TokenAccess, name: string): Promise<void> {
    return this.store.rename(identityOf(access), name)
  }

  /**
   * The shares that open a document (its own and the all-document ones), or every share when
   * `documentId` is null; oldest first. The command line's token is never among them.
   */
  list(documentId: string | null): Promise<Share[]> {
    return this.store.shares(documentId)
  }

  /** One share by its id, or null (also for the command line's token). */
  find(id: string): Promise<Share | null> {
    return this.store.share(id)
  }

  /**
   * Makes a share's token, and every session opened with it, stop working at once; the share,
   * or null when there was none.
   */
  revokeById(id: string): Promise<Share | null> {
    return this.store.revokeShare(id)
  }

  /** Makes a token stop working at once; false when it was unknown. */
  revoke(token: string): Promise<boolean> {
    return this.store.deleteByHash(hash(token))
  }
}
