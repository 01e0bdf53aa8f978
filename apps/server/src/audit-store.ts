/**
 * The audit log behind one interface, so the server can keep it in SQLite (one instance) or
 * PostgreSQL (several, where each instance's entries are read by all). Entries are numbered in
 * the order they are stored; a page is read newest first, from a cursor.
 */

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

/** Entries on a page unless asked otherwise, and the most a page holds. */
export const auditPageSize = { default: 100, max: 500 } as const

/** An audit log store. */
export interface AuditStore {
  /** Stores an entry (its time now unless given); its id. */
  append(entry: AuditEntryInit): Promise<number>
  /** Replaces an entry's detail (a coalesced entry's counts). */
  amend(id: number, detail: AuditDetail): Promise<void>
  /** Entries newest first, `limit` (100, at most 500) to a page, with the next page's cursor. */
  list(filter?: AuditFilter): Promise<AuditPage>
}

/** An audit row as both stores read it. */
export interface AuditRow {
  id: number | string
  time: string
  document: string | null
  actor: string
  share: string | null
  channel: string
  action: string
  target: string | null
  detail: string | null
}

/** The columns of an entry, in the order both stores write and read them (after the id). */
export const auditColumns = 'time, document, actor, share, channel, action, target, detail'

/** The values of `auditColumns` for a new entry. */
export function auditValues(entry: AuditEntryInit): Array<string | null> {
  return [
    entry.time ?? new Date().toISOString(),
    entry.document,
    entry.actor,
    entry.share,
    entry.channel,
    entry.action,
    entry.target ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  ]
}

/** The conditions and values of a filter, with `placeholder(n)` naming the n-th value (from 1). */
export function auditWhere(
  filter: AuditFilter,
  placeholder: (n: number) => string,
): { where: string; values: Array<string | number>; limit: number } {
  const limit = Math.min(Math.max(filter.limit ?? auditPageSize.default, 1), auditPageSize.max)
  const conditions: string[] = []
  const values: Array<string | number> = []
  const add = (condition: string, value: string | number) => {
    values.push(value)
    conditions.push(`${condition} ${placeholder(values.length)}`)
  }
  if (filter.document !== undefined) add('document =', filter.document)
  if (filter.since !== undefined) add('time >=', filter.since)
  if (filter.before !== undefined) add('id <', filter.before)
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')} ` : ''
  return { where, values, limit }
}

/** A page of at most `limit` entries from rows read with one more, to know if a next page is. */
export function auditPage(rows: readonly AuditRow[], limit: number): AuditPage {
  const entries = rows.slice(0, limit).map(toEntry)
  return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
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
