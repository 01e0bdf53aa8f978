/**
 * Group commit: the document updates the rooms receive in one turn of the event loop are
 * appended to their logs in one transaction, so that one sync to disk covers them all instead
 * of one each, and each room hears of its updates only once that transaction has committed (it
 * relays and acknowledges them then). An update the server has relayed or acknowledged is
 * therefore stored; when the transaction fails, none of its updates is either, and the rooms
 * that queued updates hear `failed`. One batch is in flight at a time: what arrives meanwhile
 * waits for the next, so rooms hear of their batches in order.
 */
import type { LogEntry, RoomStore } from './room-store'

/** An update waiting for the commit, and the transaction origin it was applied with. */
export interface QueuedUpdate {
  update: Uint8Array
  origin: unknown
}

/** What a room is told of the updates it queued. */
export interface CommitListener {
  /** The room whose log the updates are appended to. */
  readonly name: string
  /** Its queued updates were cut into the batch now being committed (none join it later). */
  sealed(): void
  /** Its updates of the batch, in the order they were queued, are committed. */
  committed(updates: QueuedUpdate[]): void
  /** The batch holding its updates could not be committed: none of them is stored. */
  failed(error: unknown): void
}

/** The updates of one turn of the event loop, across rooms, committed together. */
export class GroupCommit {
  private queue = new Map<CommitListener, QueuedUpdate[]>()
  private scheduled = false
  /** The batch being committed, and the flush queued behind it. */
  private inFlight: Promise<void> | null = null
  private next: Promise<void> | null = null

  constructor(private readonly store: RoomStore) {}

  /** Queues an update of a room; it is committed at the end of this turn of the event loop. */
  append(room: CommitListener, update: Uint8Array, origin: unknown): void {
    this.include(room).push({ update, origin })
  }

  /** Makes a room hear `committed` at the end of this turn even if it queues no update. */
  include(room: CommitListener): QueuedUpdate[] {
    let queued = this.queue.get(room)
    if (!queued) {
      queued = []
      this.queue.set(room, queued)
    }
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.flush().catch((error: unknown) => console.error('A commit listener failed', error))
      })
    }
    return queued
  }

  /**
   * Commits every queued update, in one transaction after the batch in flight (if any), then
   * tells each room the outcome; resolves once they have heard it. Never rejects.
   */
  flush(): Promise<void> {
    this.scheduled = false
    if (this.inFlight) {
      this.next ??= this.inFlight.then(() => {
        this.next = null
        return this.flush()
      })
      return this.next
    }
    if (this.queue.size === 0) return Promise.resolve()
    const batch = this.queue
    this.queue = new Map()
    for (const room of batch.keys()) room.sealed()
    const commit = this.commit(batch).finally(() => {
      this.inFlight = null
    })
    this.inFlight = commit
    return commit
  }

  private async commit(batch: Map<CommitListener, QueuedUpdate[]>): Promise<void> {
    const entries: LogEntry[] = []
    for (const [room, updates] of batch) {
      for (const { update } of updates) entries.push({ room: room.name, update })
    }
    try {
      if (entries.length > 0) await this.store.appendUpdates(entries)
    } catch (error) {
      // A room that queued no update (a join, a read) lost nothing: it hears `committed`.
      for (const [room, updates] of batch) {
        if (updates.length > 0) room.failed(error)
        else room.committed(updates)
      }
      return
    }
    for (const [room, updates] of batch) room.committed(updates)
  }
}
