import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresAvailable } from './postgres.testkit'
import { openStores } from './stores'
import { storesContract } from './stores.contract'

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** A schema of this run's own, dropped at the end, so runs and other data never meet. */
const schema = `stores_test_${process.pid}_${Date.now().toString(36)}`

const available = await postgresAvailable(
  databaseUrl,
  'the PostgreSQL stores tests (stores.postgres.test.ts)',
)

describe.skipIf(!available)('the PostgreSQL stores', () => {
  const admin = new pg.Client({ connectionString: databaseUrl })
  const open = () => openStores({ databaseUrl, schema, maxConnections: 4 })

  beforeAll(async () => {
    await admin.connect()
    // The tables exist before the first test, so a test can add its trigger to them.
    await (await open()).close()
  })
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  storesContract('postgres', {
    open,
    refuseSnapshot: async (room) => {
      const name = `refuse_${Math.random().toString(36).slice(2)}`
      await admin.query(`
        CREATE FUNCTION ${schema}.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE TRIGGER ${name} BEFORE INSERT ON ${schema}.snapshots FOR EACH ROW
        WHEN (NEW.room = ${pg.escapeLiteral(room)}) EXECUTE FUNCTION ${schema}.${name}();
      `)
    },
  })

  it('creates each table in the schema it was given', async () => {
    const tables = await admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    )
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'audit',
      'documents',
      'meta',
      'snapshots',
      'tokens',
      'updates',
    ])
  })

  it('refuses a schema name it would have to quote', async () => {
    await expect(openStores({ databaseUrl, schema: 'bad"; DROP TABLE x; --' })).rejects.toThrow(
      /schema name/,
    )
  })
})
