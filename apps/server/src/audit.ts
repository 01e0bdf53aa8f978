/**
 * The audit log: who created, changed, deleted or re-anchored what and when, over which channel
 * and with which share, and every share-link change, kept in the database for owners to read
 * newest first, a page at a time.
 */
import type { Storage } from './storage'

/** How a change reached the server. */
export const auditChannels = ['http', 'sync', 'cli'] as const

/** One of `auditChannels`. */
export type AuditChannel = (typeof auditChannels)[number]

/** What the log records. */
export const auditActions = [
  'annotation.create',
  'annotation.update',
  'annotation.delete',
  'annotation.reanchor',
  'relation.create',
  'relation.update',
  'relation.delete',
  'comment.create',
  'comment.update',
  'comment.resolve',
  'comment.reopen',
  'comment.delete',
  'codebook.update',
  'settings.update',
  'text.edit',
  'import',
  'document.create',
  'document.record',
  'share.create',
  'share.revoke',
] as const

/** One of `auditActions`. */
export type AuditAction = (typeof auditActions)[number]

/** The JSON detail of an entry (kind, changed fields, the quote, counts…). */
export type AuditDetail = Record<string, unknown>

/** Who made a change: the display name, the share of the token used, the channel. */
export interface AuditActor {
  actor: string
  share: string | null
  channel: AuditChannel
}

/** What changed: the document, the action, what it was done to, and its detail. */
export interface AuditChange {
  document: string | null
  action: AuditAction
  /** The annotation, relation, comment or share id. */
  target?: string | null
  detail?: AuditDetail | null
}

/** A change to record, by whom, and when (now unless given). */
export interface AuditEntryInit extends AuditActor, AuditChange {
  time?: string
}

/** A recorded entry. */
export interface AuditEntry extends AuditActor {
  id: number
  time: string
  document: string | null
  action: AuditAction
  target: string | null
  detail: AuditDetail | null
}

/** Which entries to list: one document's, since a time, before a cursor, how many. */
export interface AuditFilter {
  document?: string
  /** ISO time: only entries at or after it. */
  since?: string
  /** Only entries older than this cursor (the `next` of the previous page). */
  before?: number
  limit?: number
}

/** A page of entries, newest first, and the cursor of the next page (null on the last). */
export interface AuditPage {
  entries: AuditEntry[]
  next: number | null
}

/** A token's access as the audit reads it: its label and, for share tokens, the share id. */
export interface AuditAccess {
  label: string
  share?: string | null
}

/** The command line working on the data folder itself. */
export const commandLineActor: AuditActor = { actor: 'command line', share: null, channel: 'cli' }

/** Entries on a page unless asked otherwise, and the most a page holds. */
export const auditPageSize = { default: 100, max: 500 } as const

interface AuditRow {
  id: number
  time: string
  document: string | null
  actor: string
  share: string | null
  channel: string
  action: string
  target: string | null
  detail: string | null
}

/** Reads and writes the audit table. */
export class Audit {
  constructor(private readonly storage: Storage) {}

  /**
   * Appends an entry; its id, or null when it could not be written (logged: the change it
   * describes is already made, so failing it now would only invite a repeat).
   */
  record(entry: AuditEntryInit): number | null {
    try {
      const result = this.storage.db
        .prepare(
          'INSERT INTO audit (time, document, actor, share, channel, action, target, detail) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          entry.time ?? new Date().toISOString(),
          entry.document,
          entry.actor,
          entry.share,
          entry.channel,
          entry.action,
          entry.target ?? null,
          entry.detail ? JSON.stringify(entry.detail) : null,
        )
      return Number(result.lastInsertRowid)
    } catch (error) {
      console.error(`Could not record ${entry.action} by ${entry.actor} in the audit log`, error)
      return null
    }
  }

  /** Records a change made over HTTP with a token's access. */
  recordRequest(access: AuditAccess, change: AuditChange): number | null {
    return this.record({ ...this.actorOf(access), ...change })
  }

  /** Replaces an entry's detail (a coalesced entry's counts); failures are logged. */
  amend(id: number, detail: AuditDetail): void {
    try {
      this.storage.db
        .prepare('UPDATE audit SET detail = ? WHERE id = ?')
        .run(JSON.stringify(detail), id)
    } catch (error) {
      console.error(`Could not amend audit entry ${id}`, error)
    }
  }

  /** Entries newest first, `limit` (100, at most 500) to a page, with the next page's cursor. */
  list(filter: AuditFilter = {}): AuditPage {
    const limit = Math.min(Math.max(filter.limit ?? auditPageSize.default, 1), auditPageSize.max)
    const where: string[] = []
    const values: Array<string | number> = []
    if (filter.document !== undefined) {
      where.push('document = ?')
      values.push(filter.document)
    }
    if (filter.since !== undefined) {
      where.push('time >= ?')
      values.push(filter.since)
    }
    if (filter.before !== undefined) {
      where.push('id < ?')
      values.push(filter.before)
    }
    const rows = this.storage.db
      .prepare(
        'SELECT id, time, document, actor, share, channel, action, target, detail FROM audit ' +
          `${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY id DESC LIMIT ?`,
      )
      .all(...values, limit + 1) as AuditRow[]
    const entries = rows.slice(0, limit).map(toEntry)
    return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null }
  }

  /**
   * Who an HTTP request's access is: its label and share, on channel 'http', except the command
   * line's own token, whose requests are the command line's ('cli').
   */
  actorOf(access: AuditAccess): AuditActor {
    const share = access.share ?? null
    const row =
      share === null
        ? undefined
        : (this.storage.db.prepare('SELECT kind FROM tokens WHERE id = ?').get(share) as
            | { kind: string }
            | undefined)
    return { actor: access.label, share, channel: row?.kind === 'command-line' ? 'cli' : 'http' }
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    time: row.time,
    document: row.document,
    actor: row.actor,
    share: row.share,
    channel: row.channel as AuditChannel,
    action: row.action as AuditAction,
    target: row.target,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditDetail),
  }
}
