/**
 * The room log in PostgreSQL, which several server instances can share. Appends take no lock:
 * ids come from one sequence, so rows of concurrent instances may commit out of id order. A
 * compaction holds the room's advisory lock (`pg_advisory_xact_lock`) so that compactions of a
 * room run one at a time, and folds exactly the rows its DELETE returned: a row still being
 * written when it ran stays in the log, whatever its id. A load reads the snapshot and the rows
 * in one REPEATABLE READ transaction, so it sees a compaction wholly or not at all.
 */
import type pg from 'pg'
import { PostgresDatabase, type PostgresDatabaseOptions } from './postgres-database'
import {
  checkLogEntry,
  foldSnapshot,
  type LoadedRoom,
  type LogEntry,
  type RoomStore,
} from './room-store'

/** Options of a PostgreSQL room store that opens its own pool. */
export type PostgresRoomStoreOptions = PostgresDatabaseOptions

/** Rows per INSERT statement of a batch (two parameters each, under PostgreSQL's 65,535). */
const rowsPerInsert = 1000

/** `RoomStore` over a PostgreSQL database. */
export class PostgresRoomStore implements RoomStore {
  private readonly schema: string

  /**
   * Uses `database`'s pool and tables; `close` ends the pool only when `ownsDatabase` (the
   * stores' factory closes the pool its stores share).
   */
  constructor(
    private readonly database: PostgresDatabase,
    private readonly ownsDatabase = false,
  ) {
    this.schema = database.schema
  }

  /** Connects with a pool of its own and creates the schema and its tables if they are missing. */
  static async open(options: PostgresRoomStoreOptions): Promise<PostgresRoomStore> {
    return new PostgresRoomStore(await PostgresDatabase.open(options), true)
  }

  /** Appends every entry in one transaction, in order. */
  async appendUpdates(batch: readonly LogEntry[]): Promise<void> {
    for (const entry of batch) checkLogEntry(entry)
    if (batch.length === 0) return
    await this.database.inTransaction('READ COMMITTED', async (client) => {
      for (let start = 0; start < batch.length; start += rowsPerInsert) {
        const rows = batch.slice(start, start + rowsPerInsert)
        // A VALUES list is inserted in its order, so ids follow the batch's.
        const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')
        const params = rows.flatMap(({ room, update }) => [room, Buffer.from(update)])
        await client.query(
          `INSERT INTO ${this.schema}.updates (room, update_data) VALUES ${values}`,
          params,
        )
      }
    })
  }

  /** Reads the snapshot and the log in one REPEATABLE READ transaction. */
  async loadRoom(room: string): Promise<LoadedRoom> {
    return this.database.inTransaction('REPEATABLE READ', async (client) => {
      const snapshot = await client.query<{ state: Buffer }>(
        `SELECT state FROM ${this.schema}.snapshots WHERE room = $1`,
        [room],
      )
      const rows = await client.query<{ id: string; update_data: Buffer }>(
        `SELECT id, update_data FROM ${this.schema}.updates WHERE room = $1 ORDER BY id`,
        [room],
      )
      const state = snapshot.rows[0]?.state
      return {
        snapshot: state ? new Uint8Array(state) : null,
        updates: rows.rows.map((row) => new Uint8Array(row.update_data)),
        lastId: Number(rows.rows.at(-1)?.id ?? 0),
      }
    })
  }

  /** Folds and deletes the rows up to `upToId` under the room's advisory lock. */
  async compactRoom(room: string, upToId: number): Promise<boolean> {
    return this.database.inTransaction('READ COMMITTED', async (client) => {
      await lockRoom(client, this.schema, room)
      const rows = await client.query<{ id: string; update_data: Buffer }>(
        `DELETE FROM ${this.schema}.updates WHERE room = $1 AND id <= $2 RETURNING id, update_data`,
        [room, upToId],
      )
      if (rows.rows.length === 0) return false
      const ordered = rows.rows.sort((a, b) => Number(a.id) - Number(b.id))
      // Read after the lock was granted: the last compaction's snapshot, committed.
      const snapshot = await client.query<{ state: Buffer }>(
        `SELECT state FROM ${this.schema}.snapshots WHERE room = $1`,
        [room],
      )
      const folded = foldSnapshot(
        snapshot.rows[0]?.state ?? null,
        ordered.map((row) => row.update_data),
      )
      await writeSnapshot(client, this.schema, room, folded)
      return true
    })
  }

  /** Rows in a room's update log. */
  async logLength(room: string): Promise<number> {
    const result = await this.database.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.schema}.updates WHERE room = $1`,
      [room],
    )
    return Number(result.rows[0]?.n ?? 0)
  }

  /** Replaces a room's snapshot under the room's advisory lock. */
  async putSnapshot(room: string, state: Uint8Array): Promise<void> {
    await this.database.inTransaction('READ COMMITTED', async (client) => {
      await lockRoom(client, this.schema, room)
      await writeSnapshot(client, this.schema, room, state)
    })
  }

  /** Closes the pool when the store opened it; a shared pool is closed by its owner. */
  async close(): Promise<void> {
    if (this.ownsDatabase) await this.database.close()
  }
}

/** Waits for a room's compaction lock, held until `client`'s transaction ends. */
export async function lockRoom(client: pg.PoolClient, schema: string, room: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}.${room}`])
}

/** Replaces a room's snapshot in `client`'s transaction (whose caller holds the room's lock). */
export async function writeSnapshot(
  client: pg.PoolClient,
  schema: string,
  room: string,
  state: Uint8Array,
): Promise<void> {
  await client.query(
    `INSERT INTO ${schema}.snapshots (room, state) VALUES ($1, $2)
     ON CONFLICT (room) DO UPDATE SET state = excluded.state, time = now()`,
    [room, Buffer.from(state)],
  )
}
