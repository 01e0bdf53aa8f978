/**
 * The two-instance deployments the scale-out scenario measures, each started fresh for every run
 * with a redis-server of its own: Warrant, two instances sharing a PostgreSQL schema of their own
 * (dropped afterwards) and the Redis; `@hocuspocus/server` 4.7.0, two instances joined by
 * `@hocuspocus/extension-redis` 4.7.0 (peers/hocuspocus.ts, documents in memory).
 *
 * Warrant is configured by environment as it ships: `DATABASE_URL`, `WARRANT_DATABASE_SCHEMA`,
 * `REDIS_URL` and `WARRANT_REDIS_PREFIX`, each instance with a data folder of its own. Instance A
 * seeds the schema and prints the owner link; the owner mints an editor token for the writer and
 * one for each reader there, and instance B takes the same owner token from the shared database.
 * The PostgreSQL server is `BENCH_DATABASE_URL`, by default the machine's (postgres@127.0.0.1).
 */
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startServer, type TestServer } from '../tests/support/server'
import type { Endpoint } from './connect'
import { freePort, spawnListening, stopChild } from './processes'
import { type RedisServer, startRedisServer } from './redis-server'
import { ownerWrite } from './servers'

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const benchDir = dirname(fileURLToPath(import.meta.url))

/** Two instances of one server sharing storage and a Redis, and how clients reach each. */
export interface ScaleOutDeployment {
  /** The server process of instance A and of instance B. */
  pids: [number, number]
  /** The writer's endpoint: instance A, with the writer's token. */
  writer: Endpoint
  /** The readers' endpoint on instance A (one token per reader). */
  readersOnA: Endpoint
  /** The readers' endpoint on instance B (the same tokens). */
  readersOnB: Endpoint
  /** The deployment's own redis-server, whose commands are counted. */
  redis: RedisServer
  /** Stops both instances and the redis-server, and drops what the deployment stored. */
  stop(): Promise<void>
}

/** A server the scale-out scenario deploys twice over. */
export interface ScaleOutKind {
  name: string
  /** Starts a fresh deployment whose readers can be `readers` clients. */
  deploy(readers: number): Promise<ScaleOutDeployment>
}

let schemas = 0

/** Runs one SQL statement on the benchmark's PostgreSQL server (through psql). */
async function runSql(sql: string): Promise<void> {
  await promisify(execFile)('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql])
}

/** Runs `stops` one after another, every one of them even when some fail; throws the first. */
async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  let first: unknown
  for (const stop of stops) {
    try {
      await stop()
    } catch (error) {
      first ??= error
    }
  }
  if (first !== undefined) throw first
}

/** An editor token minted by the owner on `server`. */
async function editorToken(server: TestServer, label: string): Promise<string> {
  const body = JSON.stringify({ role: 'editor', label })
  return ((await ownerWrite(server, '/api/shares', { body })) as { token: string }).token
}

const warrant: ScaleOutKind = {
  name: 'Warrant',
  async deploy(readers) {
    const redis = await startRedisServer()
    const schema = `bench_scale_out_${process.pid}_${++schemas}`
    const env = {
      DATABASE_URL: databaseUrl,
      WARRANT_DATABASE_SCHEMA: schema,
      REDIS_URL: redis.url,
      WARRANT_REDIS_PREFIX: 'warrant:',
    }
    const stops: Array<() => Promise<void>> = [
      () => redis.stop(),
      () => runSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
    ]
    try {
      const a = await startServer({ env })
      stops.unshift(() => a.stop())
      const writerToken = await editorToken(a, 'writer')
      const readerTokens: string[] = []
      for (let i = 0; i < readers; i++) readerTokens.push(await editorToken(a, `reader ${i + 1}`))
      const b = await startServer({ env, ownerToken: a.token })
      stops.unshift(() => b.stop())
      if (/^Owner link:/m.test(b.output())) {
        throw new Error(
          'instance B seeded storage of its own (it printed an owner link): this Warrant does not share its storage through DATABASE_URL',
        )
      }
      const endpoint = (server: TestServer, tokens: string[]): Endpoint => ({
        protocol: 'y-websocket',
        url: server.syncUrl,
        tokens,
      })
      return {
        pids: [a.pid, b.pid],
        writer: endpoint(a, [writerToken]),
        readersOnA: endpoint(a, readerTokens),
        readersOnB: endpoint(b, readerTokens),
        redis,
        stop: () => stopAll(stops),
      }
    } catch (error) {
      await stopAll(stops).catch(() => undefined)
      throw error
    }
  },
}

/** Starts peers/hocuspocus.ts with the Redis extension, named `instance`. */
async function startHocuspocus(redis: RedisServer, instance: string) {
  const port = await freePort()
  const child = await spawnListening(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'peers/hocuspocus.ts')],
    {
      cwd: benchDir,
      env: {
        HOST: '127.0.0.1',
        PORT: String(port),
        HOCUSPOCUS_REDIS: redis.url,
        HOCUSPOCUS_INSTANCE: instance,
      },
      ready: /listening on/,
    },
  )
  const endpoint: Endpoint = { protocol: 'hocuspocus', url: `ws://127.0.0.1:${port}`, tokens: [] }
  return { child, endpoint }
}

const hocuspocus: ScaleOutKind = {
  name: 'hocuspocus',
  async deploy() {
    const redis = await startRedisServer()
    const stops: Array<() => Promise<void>> = [() => redis.stop()]
    try {
      const a = await startHocuspocus(redis, 'bench-a')
      stops.unshift(() => stopChild(a.child))
      const b = await startHocuspocus(redis, 'bench-b')
      stops.unshift(() => stopChild(b.child))
      return {
        pids: [a.child.pid!, b.child.pid!],
        writer: a.endpoint,
        readersOnA: a.endpoint,
        readersOnB: b.endpoint,
        redis,
        stop: () => stopAll(stops),
      }
    } catch (error) {
      await stopAll(stops).catch(() => undefined)
      throw error
    }
  },
}

/** Warrant and its peer; Warrant is first. */
export const scaleOutServers: ScaleOutKind[] = [warrant, hocuspocus]
