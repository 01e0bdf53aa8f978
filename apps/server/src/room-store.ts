/**
 * The room log behind one interface: each room's update log, its snapshot and their
 * compaction, so the server can keep them in SQLite (one instance) or PostgreSQL (several).
 * The invariant every implementation keeps: a room's snapshot together with the log rows
 * still stored is everything ever appended to it. Compaction therefore folds into the
 * snapshot exactly the rows it deletes, read in the same transaction, and never trusts a
 * caller's document to hold them (with several instances, none holds everything).
 */
import * as Y from 'yjs'

/** One update to append to a room's log. */
export interface LogEntry {
  room: string
  update: Uint8Array
}

/** A room as read from the store: its snapshot and every log row not folded into it. */
export interface LoadedRoom {
  /** The snapshot (`Y.encodeStateAsUpdate` of what it folds), or null before the first. */
  snapshot: Uint8Array | null
  /** The log rows, oldest first. */
  updates: Uint8Array[]
  /** The id of the last row read, 0 when there was none: compacting up to it folds them all. */
  lastId: number
}

/** A room log store: the update log, snapshots and compaction of every room. */
export interface RoomStore {
  /** Appends every entry in one transaction, in order: all are stored, or none. */
  appendUpdates(batch: readonly LogEntry[]): Promise<void>
  /** Reads a room's snapshot and log as of one moment. */
  loadRoom(room: string): Promise<LoadedRoom>
  /**
   * Folds a room's log rows with ids up to `upToId` into its snapshot and deletes them, in one
   * transaction; whether any row was folded (when none is left, nothing changes).
   */
  compactRoom(room: string, upToId: number): Promise<boolean>
  /** Rows in a room's update log. */
  logLength(room: string): Promise<number>
  /** Replaces a room's snapshot (a document's first state, when it is imported). */
  putSnapshot(room: string, state: Uint8Array): Promise<void>
  /** Closes the store; it must not be used afterwards. */
  close(): Promise<void>
}

/** The snapshot folding `snapshot` and then `rows`, as a fresh compaction of them encodes it. */
export function foldSnapshot(snapshot: Uint8Array | null, rows: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true })
  try {
    Y.transact(doc, () => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const row of rows) Y.applyUpdate(doc, row)
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/** Refuses a batch entry that is not a room name and an update, before anything is written. */
export function checkLogEntry(entry: LogEntry): void {
  if (typeof entry.room !== 'string' || entry.room.length === 0) {
    throw new TypeError('a log entry needs a room name')
  }
  if (!(entry.update instanceof Uint8Array)) {
    throw new TypeError(`a log entry of ${entry.room} needs its update as bytes`)
  }
}
