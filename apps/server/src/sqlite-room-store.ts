/**
 * The room log in SQLite, over the server's own `Storage` (its tables and its connection), so
 * the default store is the one the server has always written. Every call runs synchronously in
 * one SQLite transaction; the promises only give it the shape of `RoomStore`.
 */
import {
  checkLogEntry,
  foldSnapshot,
  type LoadedRoom,
  type LogEntry,
  type RoomStore,
} from './room-store'
import type { Storage } from './storage'

/** `RoomStore` over the server's SQLite database. */
export class SqliteRoomStore implements RoomStore {
  /** Uses `storage` (which the caller still owns; `close` does not close it). */
  constructor(private readonly storage: Storage) {}

  /** Appends every entry in one SQLite transaction. */
  async appendUpdates(batch: readonly LogEntry[]): Promise<void> {
    for (const entry of batch) checkLogEntry(entry)
    this.storage.transaction(() => {
      for (const { room, update } of batch) this.storage.appendUpdate(room, update)
    })
  }

  /** Reads the snapshot and the log in one SQLite transaction. */
  async loadRoom(room: string): Promise<LoadedRoom> {
    const { snapshot, rows } = this.storage.readRoom(room)
    return {
      snapshot: snapshot ? new Uint8Array(snapshot) : null,
      updates: rows.map((row) => new Uint8Array(row.update_data)),
      lastId: rows.at(-1)?.id ?? 0,
    }
  }

  /** Folds and deletes the rows up to `upToId` in one SQLite transaction. */
  async compactRoom(room: string, upToId: number): Promise<boolean> {
    return this.storage.transaction(() => {
      const rows = this.storage.db
        .prepare('DELETE FROM updates WHERE room = ? AND id <= ? RETURNING id, update_data')
        .all(room, upToId) as Array<{ id: number; update_data: Buffer }>
      if (rows.length === 0) return false
      rows.sort((a, b) => a.id - b.id)
      const folded = foldSnapshot(
        this.storage.snapshot(room),
        rows.map((row) => row.update_data),
      )
      this.storage.putSnapshot(room, folded)
      return true
    })
  }

  /** Rows in a room's update log. */
  async logLength(room: string): Promise<number> {
    return this.storage.logLength(room)
  }

  /** Replaces a room's snapshot. */
  async putSnapshot(room: string, state: Uint8Array): Promise<void> {
    this.storage.putSnapshot(room, state)
  }

  /** Nothing to release: the caller closes the `Storage`. */
  async close(): Promise<void> {}
}
