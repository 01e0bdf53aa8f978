/**
 * Several real server processes sharing one PostgreSQL schema and one Redis key prefix of a
 * test's own, behind a round-robin balancer: the first instance seeds the schema and prints the
 * owner link, every later one is given that owner token. Tokens are minted over the API, and a
 * room's state is read straight from PostgreSQL, as any instance would load it.
 */
import * as Y from 'yjs'
import {
  dropSchema,
  freshSchemaName,
  postgresAvailable,
  testDatabaseUrl,
} from '../../apps/server/src/postgres.testkit'
import { PostgresRoomStore } from '../../apps/server/src/postgres-room-store'
import { deleteKeysWithPrefix, redisAvailable } from '../../apps/server/src/redis-server.testkit'
import { faultServerEnv } from '../reliability/stored-rooms'
import { startServer, type TestServer } from '../support/server'
import { Balancer } from './balancer'

/** The Redis the instances share unless a test brings its own. */
export const sharedRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Whether PostgreSQL and the shared Redis both answer; when one does not, `tests` are skipped
 * with one printed line, or fail under CI or WARRANT_REQUIRE_SERVICES.
 */
export async function clusterServicesAvailable(tests: string): Promise<boolean> {
  return (
    (await postgresAvailable(testDatabaseUrl, tests)) &&
    (await redisAvailable(sharedRedisUrl, tests))
  )
}

/** Options of Cluster.start. */
export interface ClusterOptions {
  /** How many instances to start. */
  instances: number
  /** Names the schema and key prefix (lower case letters, digits, `_`). */
  label: string
  /** A Redis of the test's own (its keys are left to it); default: the shared one. */
  redisUrl?: string
}

/** Where a client connects and with which token. */
export interface Endpoint {
  syncUrl: string
  token: string
}

/** Instances sharing storage and Redis, and the balancer in front of them. */
export class Cluster {
  readonly instances: TestServer[] = []
  private readonly dead = new Set<TestServer>()
  private store: Promise<PostgresRoomStore> | undefined

  private constructor(
    readonly balancer: Balancer,
    readonly env: Record<string, string>,
    private readonly ownRedis: boolean,
  ) {}

  /** Starts the instances (the first alone, since it seeds) and the balancer. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const schema = freshSchemaName(options.label)
    const env = {
      ...faultServerEnv,
      DATABASE_URL: testDatabaseUrl,
      WARRANT_DATABASE_SCHEMA: schema,
      REDIS_URL: options.redisUrl ?? sharedRedisUrl,
      WARRANT_REDIS_PREFIX: `${schema}:`,
    }
    const cluster = new Cluster(await Balancer.start([]), env, options.redisUrl !== undefined)
    try {
      await cluster.addInstance()
      // Settled, not all: an instance still starting when another failed must be stopped too.
      const started = await Promise.allSettled(
        Array.from({ length: options.instances - 1 }, () => cluster.addInstance()),
      )
      const failed = started.find((result) => result.status === 'rejected')
      if (failed) throw failed.reason
    } catch (error) {
      await cluster.stop()
      throw error
    }
    return cluster
  }

  /** The owner token every instance accepts. */
  get token(): string {
    const first = this.instances[0]
    if (!first) throw new Error('the cluster has no instance')
    return first.token
  }

  /** The balancer as an endpoint for `token` (default: the owner's). */
  balanced(token = this.token): Endpoint {
    return { syncUrl: this.balancer.syncUrl, token }
  }

  /** The instances not killed. */
  live(): TestServer[] {
    return this.instances.filter((instance) => !this.dead.has(instance))
  }

  /** Starts one more instance on the shared storage and puts it behind the balancer. */
  async addInstance(): Promise<TestServer> {
    const seeded = this.instances[0]
    const instance = await startServer({
      env: this.env,
      ...(seeded ? { ownerToken: seeded.token } : {}),
    })
    this.instances.push(instance)
    void instance.exited.then(() => this.dead.add(instance))
    if (seeded && /^Owner link:/m.test(instance.output())) {
      throw new Error(
        `instance ${instance.url} seeded storage of its own (it printed an owner link): ` +
          'the instances do not share their storage through DATABASE_URL',
      )
    }
    this.balancer.add(Number(new URL(instance.url).port))
    return instance
  }

  /** Kills an instance with SIGKILL and waits until it is gone. */
  async kill(instance: TestServer): Promise<void> {
    await instance.kill()
    this.dead.add(instance)
  }

  /** A new editor token, minted over the API of a live instance by the owner. */
  async mintToken(label: string): Promise<string> {
    const [instance] = this.live()
    if (!instance) throw new Error('no live instance to mint a token on')
    const response = await instance.api('/api/shares', {
      method: 'POST',
      body: JSON.stringify({ role: 'editor', label }),
    })
    if (response.status !== 201) {
      throw new Error(`minting a token answered ${response.status}: ${await response.text()}`)
    }
    return ((await response.json()) as { token: string }).token
  }

  /** A room as PostgreSQL holds it: its snapshot and every log row, applied to a fresh doc. */
  async storedDoc(room: string): Promise<Y.Doc> {
    this.store ??= PostgresRoomStore.open({
      connectionString: testDatabaseUrl,
      schema: this.env.WARRANT_DATABASE_SCHEMA!,
      maxConnections: 2,
    })
    const loaded = await (await this.store).loadRoom(room)
    const doc = new Y.Doc()
    Y.transact(doc, () => {
      if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
      for (const update of loaded.updates) Y.applyUpdate(doc, update)
    })
    return doc
  }

  /** What every instance printed, each under its address, for a failure's evidence. */
  output(): string {
    return this.instances
      .map((instance) => {
        const state = this.dead.has(instance) ? ' (killed or exited)' : ''
        return `--- instance ${instance.url}${state} ---\n${instance.output()}`
      })
      .join('\n')
  }

  /** Stops the instances and the balancer, then drops the schema and the Redis keys. */
  async stop(): Promise<void> {
    await Promise.all(this.live().map((instance) => instance.stop()))
    await this.balancer.close()
    if (this.store) await (await this.store).close()
    await dropSchema(testDatabaseUrl, this.env.WARRANT_DATABASE_SCHEMA!)
    if (!this.ownRedis) await deleteKeysWithPrefix(sharedRedisUrl, this.env.WARRANT_REDIS_PREFIX!)
  }
}

/**
 * Runs `body` on a fresh cluster and stops it afterwards; when `body` throws, what every
 * instance printed is shown first, as the evidence of what the servers did.
 */
export async function withCluster<T>(
  options: ClusterOptions,
  body: (cluster: Cluster) => Promise<T>,
): Promise<T> {
  const cluster = await Cluster.start(options)
  try {
    return await body(cluster)
  } catch (error) {
    console.error(
      `[scale-out] ${options.label} failed; the instances printed:\n${cluster.output()}`,
    )
    throw error
  } finally {
    await cluster.stop()
  }
}
