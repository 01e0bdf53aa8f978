/**
 * Share links: an owner hands out a token for a role (for one document or all of them, with an
 * optional expiry and a label), lists the links that open a document, and revokes one, which
 * also closes every websocket opened with it at once. The server, its API and the command line
 * all go through here, so a revocation never leaves a socket open.
 */
import type { Audit, AuditActor } from './audit'
import { accessEndedCode } from './connection'
import type { Rooms } from './rooms'
import type { Role, Share, Tokens } from './tokens'

/** The close code of a socket whose share was revoked (4400-4499: do not come back with it). */
export const shareRevokedCode = accessEndedCode

/** The close reason of a socket whose share was revoked. */
export const shareRevokedReason = 'share revoked'

/** A share request that cannot be granted (a bad or past expiry), naming the field at fault. */
export class ShareError extends Error {
  override readonly name = 'ShareError'

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
  }
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An expiry as a full ISO time: an ISO date-time with its offset, or a date alone for the end
 * of that day (UTC). Throws a ShareError when it is neither or already past.
 */
export function shareExpiry(value: string, now = new Date()): string {
  const time = isoDate.test(value)
    ? new Date(`${value}T23:59:59.999Z`)
    : isoTime.test(value)
      ? new Date(value)
      : null
  if (!time || Number.isNaN(time.getTime())) {
    throw new ShareError(
      `"${value}" is not an ISO date-time such as 2026-12-31T23:59:59Z or a date such as 2026-12-31`,
      'expires',
    )
  }
  if (time.getTime() <= now.getTime()) {
    throw new ShareError(`${value} is in the past`, 'expires')
  }
  return time.toISOString()
}

/** What a new share grants. */
export interface NewShareOptions {
  role: Role
  /** Who the link is for; it is also the display name of whoever opens it. */
  label: string
  /** The one document it opens, or null for all documents. */
  document: string | null
  /** ISO time after which it stops working; null for never. */
  expires: string | null
}

/** A new share: its record, its secret token (shown once) and the path that opens it. */
export interface CreatedShare {
  share: Share
  token: string
  /** `/d/<id>?token=…` for one document, `/?token=…` for all of them. */
  path: string
}

/** The path of the web app that opens a share (the caller makes it absolute). */
export function sharePath(share: Share, token: string): string {
  const query = `?token=${encodeURIComponent(token)}`
  return share.document === null ? `/${query}` : `/d/${encodeURIComponent(share.document)}${query}`
}

/** The share links of a data folder, and the rooms whose sockets a revocation closes. */
export class Shares {
  constructor(
    private readonly tokens: Tokens,
    private readonly rooms: Rooms,
    /** The audit log every creation and revocation is recorded in (none: not recorded). */
    private readonly audit: Audit | null = null,
  ) {}

  /** The shares that open a document (its own and the all-document ones), or all of them for null. */
  list(documentId: string | null): Promise<Share[]> {
    return this.tokens.list(documentId)
  }

  /** One share by its id, or null. */
  find(id: string): Promise<Share | null> {
    return this.tokens.find(id)
  }

  /** Creates a share for `by`; its secret is in the answer only (just its hash is stored). */
  async create(options: NewShareOptions, by: AuditActor): Promise<CreatedShare> {
    const { token, share } = await this.tokens.issue(options)
    this.record(by, 'share.create', share)
    return { share, token, path: sharePath(share, token) }
  }

  /**
   * Revokes a share: its token stops working at once and every socket opened with it is closed
   * with 4401 "share revoked"; `by` is who revoked it. The share revoked, or null when there was
   * none.
   */
  async revoke(id: string, by: AuditActor): Promise<Share | null> {
    const share = await this.tokens.revokeById(id)
    if (share) this.record(by, 'share.revoke', share)
    if (share) this.rooms.closeShare(share.id, shareRevokedCode, shareRevokedReason)
    return share
  }

  /** Records a share change: what the link grants, never its secret. */
  private record(by: AuditActor, action: 'share.create' | 'share.revoke', share: Share): void {
    const { role, label, document, expires } = share
    this.audit?.record({
      ...by,
      document,
      action,
      target: share.id,
      detail: { role, label, document, expires },
    })
  }
}
