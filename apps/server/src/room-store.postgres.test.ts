import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { postgresAvailable } from './postgres.testkit'
import { PostgresRoomStore } from './postgres-room-store'
import { roomStoreContract } from './room-store.contract'

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** A schema of this run's own, dropped at the end, so runs and other data never meet. */
const schema = `room_store_test_${process.pid}_${Date.now().toString(36)}`

const available = await postgresAvailable(
  connectionString,
  'the PostgreSQL room store tests (room-store.postgres.test.ts)',
)

describe.skipIf(!available)('PostgresRoomStore', () => {
  const admin = new pg.Client({ connectionString })
  // Outside `admin`'s transactions, whose view of pg_stat_activity would stay as it first was.
  const watcher = new pg.Client({ connectionString })
  const open = () => PostgresRoomStore.open({ connectionString, schema, maxConnections: 4 })

  beforeAll(async () => {
    await Promise.all([admin.connect(), watcher.connect()])
    // The tables exist before the first test, so a test can add its trigger to them.
    await (await open()).close()
  })
  afterAll(async () => {
    // A test that failed inside a transaction of `admin` must not keep the schema from going.
    await admin.query('ROLLBACK')
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await Promise.all([admin.end(), watcher.end()])
  })

  /** Waits until `count` of this run's statements wait for a lock. */
  async function waitersOn(count: number): Promise<void> {
    for (;;) {
      const waiting = await watcher.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'
         AND (query LIKE $1 OR query LIKE 'SELECT pg_advisory_xact_lock%')`,
        [`%${schema}.%`],
      )
      if (Number(waiting.rows[0]!.n) >= count) return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  roomStoreContract('postgres', {
    open,
    refuseRoom: async (room) => {
      const name = `refuse_${Math.random().toString(36).slice(2)}`
      await admin.query(`
        CREATE FUNCTION ${schema}.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE TRIGGER ${name} BEFORE INSERT ON ${schema}.updates FOR EACH ROW
        WHEN (NEW.room = ${pg.escapeLiteral(room)}) EXECUTE FUNCTION ${schema}.${name}();
      `)
    },
  })

  it('leaves in the log a row still being written when a compaction passes its id', async () => {
    const store = await open()
    const room = 'in-flight.annotations'
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.getMap('m').set('early', 1)
    doc.getMap('m').set('late', 2)
    // Another instance's transaction takes the lower id and has not committed yet.
    const writer = new pg.Client({ connectionString })
    await writer.connect()
    try {
      await writer.query('BEGIN')
      await writer.query(`INSERT INTO ${schema}.updates (room, update_data) VALUES ($1, $2)`, [
        room,
        Buffer.from(updates[0]!),
      ])
      await store.appendUpdates([{ room, update: updates[1]! }])
      const seen = await store.loadRoom(room)
      expect(seen.updates).toEqual([updates[1]])
      expect(await store.compactRoom(room, seen.lastId)).toBe(true)
      await writer.query('COMMIT')
    } finally {
      await writer.end()
    }
    const loaded = await store.loadRoom(room)
    expect(loaded.updates).toEqual([updates[0]])
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, loaded.snapshot!)
    for (const update of loaded.updates) Y.applyUpdate(reloaded, update)
    expect(reloaded.getMap('m').toJSON()).toEqual({ early: 1, late: 2 })
    await store.close()
  })

  it('runs two compactions of a room one after the other, so neither drops what the other folded', async () => {
    const [one, two] = [await open(), await open()]
    const room = 'two-compactions.annotations'
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (const key of ['base', 'x', 'y']) doc.getMap('m').set(key, key)
    const [base, x, y] = updates as [Uint8Array, Uint8Array, Uint8Array]
    await one.putSnapshot(room, base)
    const writer = new pg.Client({ connectionString })
    await writer.connect()
    try {
      // x takes the lower id but commits only after the first compaction has passed it.
      await writer.query('BEGIN')
      const inserted = await writer.query<{ id: string }>(
        `INSERT INTO ${schema}.updates (room, update_data) VALUES ($1, $2) RETURNING id`,
        [room, Buffer.from(x)],
      )
      await one.appendUpdates([{ room, update: y }])
      // Holding the snapshot row keeps the first compaction from finishing.
      await admin.query('BEGIN')
      await admin.query(`SELECT 1 FROM ${schema}.snapshots WHERE room = $1 FOR UPDATE`, [room])
      const first = one.compactRoom(room, Number.MAX_SAFE_INTEGER)
      await waitersOn(1)
      await writer.query('COMMIT')
      const second = two.compactRoom(room, Number(inserted.rows[0]!.id))
      await waitersOn(2)
      await admin.query('COMMIT')
      expect(await Promise.all([first, second])).toEqual([true, true])
    } finally {
      await writer.end()
    }
    const loaded = await one.loadRoom(room)
    expect(loaded.updates).toEqual([])
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, loaded.snapshot!)
    expect(reloaded.getMap('m').toJSON()).toEqual({ base: 'base', x: 'x', y: 'y' })
    await Promise.all([one.close(), two.close()])
  })

  it('refuses a schema name it would have to quote', async () => {
    await expect(
      PostgresRoomStore.open({ connectionString, schema: 'bad"; DROP TABLE x; --' }),
    ).rejects.toThrow(/schema name/)
  })
})
