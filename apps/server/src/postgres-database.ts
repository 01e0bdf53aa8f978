/**
 * The one PostgreSQL connection pool every PostgreSQL store shares, with the schema its tables
 * live in (created on open, under an advisory lock so that instances starting together create
 * them one at a time) and the transaction helper the stores run their writes in.
 */
import pg from 'pg'

/** Options of the PostgreSQL database. */
export interface PostgresDatabaseOptions {
  /** A `postgres://` URL. */
  connectionString: string
  /** The schema holding the tables, created if missing (lower case, digits, `_`); default `warrant`. */
  schema?: string
  /** The most connections the pool opens; default 10. */
  maxConnections?: number
}

/** How a transaction isolates itself from concurrent ones. */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ'

/** Every table of the stores, in `$schema`; times are ISO strings, as in SQLite. */
const tables = `
  CREATE SCHEMA IF NOT EXISTS $schema;
  CREATE TABLE IF NOT EXISTS $schema.updates (
    id bigserial PRIMARY KEY, room text NOT NULL, update_data bytea NOT NULL,
    time timestamptz NOT NULL DEFAULT now());
  CREATE INDEX IF NOT EXISTS updates_room ON $schema.updates (room, id);
  CREATE TABLE IF NOT EXISTS $schema.snapshots (
    room text PRIMARY KEY, state bytea NOT NULL, time timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS $schema.meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE IF NOT EXISTS $schema.documents (
    id text PRIMARY KEY, record text NOT NULL, created text NOT NULL);
  CREATE TABLE IF NOT EXISTS $schema.audit (
    id bigserial PRIMARY KEY, time text NOT NULL, document text, actor text NOT NULL,
    share text, channel text NOT NULL, action text NOT NULL, target text, detail text);
  CREATE INDEX IF NOT EXISTS audit_document ON $schema.audit (document, id);
  CREATE TABLE IF NOT EXISTS $schema.tokens (
    hash text PRIMARY KEY, id text NOT NULL UNIQUE, kind text NOT NULL, parent text,
    role text NOT NULL, label text NOT NULL, document text, expires text, created text NOT NULL,
    seq bigserial NOT NULL);
  CREATE INDEX IF NOT EXISTS tokens_parent ON $schema.tokens (parent);
`

/** A pool of connections to one PostgreSQL database and the schema of Warrant's tables. */
export class PostgresDatabase {
  private closing: Promise<void> | null = null

  private constructor(
    readonly pool: pg.Pool,
    /** The schema's name, checked to need no quoting. */
    readonly schema: string,
  ) {}

  /** Connects and creates the schema and every table if they are missing. */
  static async open(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
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
    const database = new PostgresDatabase(pool, schema)
    try {
      await database.inTransaction('READ COMMITTED', async (client) => {
        // Instances starting together create the tables one at a time.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [schema])
        await client.query(tables.replaceAll('$schema', schema))
      })
    } catch (error) {
      await pool.end()
      throw error
    }
    return database
  }

  /** Runs one statement on any connection of the pool. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values)
  }

  /** Runs `fn` in one transaction on one connection; rolled back when it throws. */
  async inTransaction<T>(
    isolation: Isolation,
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

  /** Closes every connection of the pool (once, however often it is called). */
  close(): Promise<void> {
    this.closing ??= this.pool.end()
    return this.closing
  }
}
