/**
 * The room log in PostgreSQL, which several server instances can share. Appends take no lock:
 * ids come from one sequence, so rows of concurrent instances may commit out of id order. A
 * compaction holds the room's advisory lock (`pg_advisory_xact_lock`) so that compactions of a
 * room run one at a time, and folds exactly the rows its DELETE returned: a row still being
 * written when it ran stays in the log, whatever its id. A load reads the snapshot and the rows
 * in one REPEATABLE READ transaction, so it sees a compaction wholly or not at all.
 */
import pg from 'pg'
import {
  checkLogEntry,
  foldSnapshot,
  type LoadedRoom,
  type LogEntry,
  type RoomStore,
} from './room-store'

/** Options of the PostgreSQL store. */
export interface PostgresRoomStoreOptions {
  /** A `postgres://` URL. */
  connectionString: string
  /** The schema holding the tables, created if missing (lower case, digits, `_`); default `warrant`. */
  schema?: string
  /** The most connections the store's pool opens; default 10. */
  maxConnections?: number
}

/** Rows per INSERT statement of a batch (two parameters each, under PostgreSQL's 65,535). */
const rowsPerInsert = 1000

/** `RoomStore` over a PostgreSQL database. */
export class PostgresRoomStore implements RoomStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  /** Connects and creates the schema and its tables if they are missing. */
  static async open(options: PostgresRoomStoreOptions): Promise<PostgresRoomStore> {
    const schema = options.schema ?? 'warrant'
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`the schema name "${schema}" must be lower case letters, digits and _`)
    }
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
    })
    // An idle connection that fails (the server restarted) must not crash the process.
    pool.on('error', (error) => console.error('PostgreSQL connection lost', error.message))
    const store = new PostgresRoomStore(pool, schema)
    try {
      await store.inTransaction('READ COMMITTED', async (client) => {
        // Instances starting together create the tables one at a time.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [schema])
        await client.query(`
          CREATE SCHEMA IF NOT EXISTS ${schema};
          CREATE TABLE IF NOT EXISTS ${schema}.updates (
            id bigserial PRIMARY KEY, room text NOT NULL, update_data bytea NOT NULL,
            time timestamptz NOT NULL DEFAULT now());
          CREATE INDEX IF NOT EXISTS updates_room ON ${schema}.updates (room, id);
          CREATE TABLE IF NOT EXISTS ${schema}.snapshots (
            room text PRIMARY KEY, state bytea NOT NULL, time timestamptz NOT NULL DEFAULT now());
        `)
      })
    } catch (error) {
      await pool.end()
      throw error
    }
    return store
  }

  /** Appends every entry in one transaction, in order. */
  async appendUpdates(batch: readonly LogEntry[]): Promise<void> {
    for (const entry of batch) checkLogEntry(entry)
    if (batch.length === 0) return
    await this.inTransaction('READ COMMITTED', async (client) => {
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
    return this.inTransaction('REPEATABLE READ', async (client) => {
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
    return this.inTransaction('READ COMMITTED', async (client) => {
      await this.lockRoom(client, room)
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
      await this.writeSnapshot(client, room, folded)
      return true
    })
  }

  /** Rows in a room's update log. */
  async logLength(room: string): Promise<number> {
    const result = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.schema}.updates WHERE room = $1`,
      [room],
    )
    return Number(result.rows[0]?.n ?? 0)
  }

  /** Replaces a room's snapshot under the room's advisory lock. */
  async putSnapshot(room: string, state: Uint8Array): Promise<void> {
    await this.inTransaction('READ COMMITTED', async (client) => {
      await this.lockRoom(client, room)
      await this.writeSnapshot(client, room, state)
    })
  }

  /** Closes every connection of the pool. */
  async close(): Promise<void> {
    await this.pool.end()
  }

  /** Waits for the room's compaction lock, held until the transaction ends. */
  private async lockRoom(client: pg.PoolClient, room: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${this.schema}.${room}`,
    ])
  }

  private async writeSnapshot(client: pg.PoolClient, room: string, state: Uint8Array) {
    await client.query(
      `INSERT INTO ${this.schema}.snapshots (room, state) VALUES ($1, $2)
       ON CONFLICT (room) DO UPDATE SET state = excluded.state, time = now()`,
      [room, Buffer.from(state)],
    )
  }

  /** Runs `fn` in one transaction on one connection; rolled back when it throws. */
  private async inTransaction<T>(
    isolation: 'READ COMMITTED' | 'REPEATABLE READ',
    fn: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect()
    let broken: Error | undefined
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`)
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch (rollback) {
        // A connection that cannot roll back is discarded rather than reused.
        broken = rollback instanceof Error ? rollback : new Error(String(rollback))
      }
      throw error
    } finally {
      client.release(broken)
    }
  }
}
