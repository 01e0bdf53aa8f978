/**
 * The audit log: who created, changed, deleted or re-anchored what and when, over which channel
 * and with which share, and every share-link change, kept in an `AuditStore` for owners to read
 * newest first, a page at a time. Its writers include Yjs observers, which cannot wait: entries
 * are written in the order they were recorded, one after the other, and a failed write is
 * logged (the change it describes is already made, so failing it now would only invite a
 * repeat). A list waits for the writes recorded before it.
 */
import type {
  AuditActor,
  AuditChange,
  AuditDetail,
  AuditEntryInit,
  AuditFilter,
  AuditPage,
  AuditStore,
} from './audit-store'

export {
  type AuditAction,
  type AuditActor,
  type AuditChange,
  type AuditChannel,
  type AuditDetail,
  type AuditEntry,
  type AuditEntryInit,
  type AuditFilter,
  type AuditPage,
  auditActions,
  auditChannels,
  auditPageSize,
} from './audit-store'

/** A token's access as the audit reads it: its label, its share, whether it is the command line's. */
export interface AuditAccess {
  label: string
  share?: string | null
  commandLine?: boolean
}

/** The command line working on the data folder itself. */
export const commandLineActor: AuditActor = { actor: 'command line', share: null, channel: 'cli' }

/** An entry as `record` returns it, before and after it is written. */
export interface RecordedEntry {
  /** Its id once written; null before, and when it could not be written. */
  id: number | null
  /** Resolves with its id once written, or null when it could not be (never rejects). */
  readonly written: Promise<number | null>
}

/** Records in and reads the audit log, writing entries in the order they were recorded. */
export class Audit {
  /** Settles once every write queued so far has been tried. */
  private tail: Promise<unknown> = Promise.resolve()
  private pending = 0

  constructor(private readonly store: AuditStore) {}

  /** Queues an entry (timed now unless given); failures are logged. */
  record(entry: AuditEntryInit): RecordedEntry {
    const timed = { ...entry, time: entry.time ?? new Date().toISOString() }
    const written = this.enqueue(
      () => this.store.append(timed),
      () => `Could not record ${entry.action} by ${entry.actor} in the audit log`,
    )
    const recorded: RecordedEntry = { id: null, written }
    void written.then((id) => {
      recorded.id = id
    })
    return recorded
  }

  /** Records a change made over HTTP with a token's access. */
  recordRequest(access: AuditAccess, change: AuditChange): RecordedEntry {
    return this.record({ ...this.actorOf(access), ...change })
  }

  /** Replaces an entry's detail (a coalesced entry's counts) once it is written; failures are logged. */
  amend(entry: RecordedEntry, detail: AuditDetail): void {
    void this.enqueue(
      async () => {
        const id = entry.id ?? (await entry.written)
        if (id !== null) await this.store.amend(id, detail)
      },
      () => 'Could not amend an audit entry',
    )
  }

  /** Entries newest first, `limit` (100, at most 500) to a page, with the next page's cursor. */
  async list(filter: AuditFilter = {}): Promise<AuditPage> {
    await this.tail
    return this.store.list(filter)
  }

  /** Resolves once every entry recorded so far has been written (or its failure logged). */
  async settled(): Promise<void> {
    await this.tail
  }

  /**
   * Who an HTTP request's access is: its label and share, on channel 'http', except the command
   * line's own token, whose requests are the command line's ('cli').
   */
  actorOf(access: AuditAccess): AuditActor {
    return {
      actor: access.label,
      share: access.share ?? null,
      channel: access.commandLine ? 'cli' : 'http',
    }
  }

  /**
   * Runs `write` after every write queued before it; at once when none is waiting, so an entry
   * in SQLite is stored before `record` returns, as it always was.
   */
  private enqueue<T>(write: () => Promise<T>, failure: () => string): Promise<T | null> {
    const run = async (): Promise<T | null> => {
      try {
        return await write()
      } catch (error) {
        console.error(failure(), error)
        return null
      }
    }
    const result = this.pending === 0 ? run() : this.tail.then(run)
    this.pending += 1
    this.tail = result.then(() => {
      this.pending -= 1
    })
    return result
  }
}
