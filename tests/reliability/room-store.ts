/**
 * What a stopped server left in its data folder for one room: the bytes of its snapshot and of
 * its update log, and the state they load to, so a test can compare the store with a fresh
 * compaction of that same state (`Y.encodeStateAsUpdate` of the reloaded doc). Read through the
 * server's own storage module, never while a server runs on the folder.
 */
import { join } from 'node:path'
import * as Y from 'yjs'
import { Storage } from '../../apps/server/src/storage'

/** One room as stored. */
export interface StoredRoom {
  /** Bytes of the snapshot (0 when there is none). */
  snapshotBytes: number
  /** Rows of the update log after the snapshot. */
  logRows: number
  /** Bytes of those rows' updates. */
  logBytes: number
  /** Bytes of `Y.encodeStateAsUpdate` of the state the snapshot and log load to. */
  freshBytes: number
  /** The loaded state (the caller destroys it). */
  doc: Y.Doc
}

/** Reads a room from a stopped server's data folder. */
export function readStoredRoom(dataDir: string, room: string): StoredRoom {
  const storage = new Storage(join(dataDir, 'warrant.sqlite'))
  try {
    const snapshot = storage.db
      .prepare('SELECT length(state) AS bytes FROM snapshots WHERE room = ?')
      .get(room) as { bytes: number } | undefined
    const log = storage.db
      .prepare(
        'SELECT count(*) AS rows, coalesce(sum(length(update_data)), 0) AS bytes ' +
          'FROM updates WHERE room = ?',
      )
      .get(room) as { rows: number; bytes: number }
    const doc = new Y.Doc({ gc: true })
    storage.loadRoom(room, doc)
    return {
      snapshotBytes: snapshot?.bytes ?? 0,
      logRows: log.rows,
      logBytes: log.bytes,
      freshBytes: Y.encodeStateAsUpdate(doc).byteLength,
      doc,
    }
  } finally {
    storage.close()
  }
}
