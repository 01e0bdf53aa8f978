/**
 * Tests that run against a real PostgreSQL server: whether it answers (skipped with one line,
 * or failing under CI, as service.testkit.ts decides), a schema name of a test's own, and
 * dropping that schema afterwards, so tests outside this package need no database client.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { serviceAvailable, withoutPassword } from './service.testkit'

/** The database tests use unless DATABASE_URL names another. */
export const testDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Whether the PostgreSQL server at `url` answers; when it does not, `tests` are skipped with
 * one printed line, or fail under CI (see service.testkit.ts).
 */
export function postgresAvailable(url: string, tests: string): Promise<boolean> {
  return serviceAvailable({
    name: 'PostgreSQL',
    address: withoutPassword(url),
    tests,
    hint: 'start PostgreSQL or set DATABASE_URL; with CI or WARRANT_REQUIRE_SERVICES set they fail',
    probe: async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
      try {
        await client.connect()
        await client.query('SELECT 1')
      } finally {
        await client.end().catch(() => undefined)
      }
    },
  })
}

/** A schema name no other run uses, starting with `label` (lower case letters, digits, `_`). */
export function freshSchemaName(label: string): string {
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(label)) {
    throw new Error(`a schema label must be lower case letters, digits and _, not "${label}"`)
  }
  return `${label}_${process.pid}_${randomBytes(4).toString('hex')}`
}

/** Drops a schema and everything in it, if it exists. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  } finally {
    await client.end()
  }
}
