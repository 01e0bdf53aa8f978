/**
 * One running Warrant server: opens the data folder (seeding it on first start), serves HTTP
 * and websocket sync on one port, and shuts down cleanly (sockets closed, rooms compacted).
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { createApp } from './app'
import { Audit } from './audit'
import { publicOrigin, type ServerConfig } from './config'
import { publishInstance, withdrawInstance } from './instance'
import { Library } from './library'
import { RedisFanout } from './redis-fanout'
import { Rooms } from './rooms'
import { seedDataFolder } from './seed'
import { Shares } from './shares'
import { type ShutdownReport, shutDown, shutdownDeadlineMs } from './shutdown'
import { configureSourceImporter } from './source-importer'
import { openStores, type Stores } from './stores'
import { createSync } from './sync'
import { Tokens } from './tokens'
import { configureUpdateGuard } from './update-guard'

/** A listening server. */
export interface RunningServer {
  /** `http://HOST:PORT` with the real port. */
  url: string
  /** The owner token when this start seeded the data folder; else null. */
  ownerToken: string | null
  /**
   * Stops accepting, commits what is queued, closes sockets with 1001, compacts every room and
   * closes the database, all before `deadline` (ms since the epoch; default: 10 s from now);
   * `onStep` hears each step as it begins. Resolves with what the deadline cut short.
   */
  close(deadline?: number, onStep?: (step: string) => void): Promise<ShutdownReport>
}

/**
 * The stores `config` names: PostgreSQL at `DATABASE_URL` when it is set, else the data folder's
 * SQLite file `warrant.sqlite`, as `config` limits it.
 */
export function configuredStores(config: ServerConfig): Promise<Stores> {
  if (config.databaseUrl) {
    return openStores({ databaseUrl: config.databaseUrl, schema: config.databaseSchema })
  }
  return openStores({
    file: join(config.dataDir, 'warrant.sqlite'),
    sqlite: { busyTimeoutMs: config.busyTimeoutMs, maxDatabaseBytes: config.maxDatabaseBytes },
  })
}

/**
 * Starts a server with `config` over `stores` (default: those `config` names) and resolves once it
 * listens; the server closes the stores when it stops.
 */
export async function startServer(config: ServerConfig, stores?: Stores): Promise<RunningServer> {
  const opened = stores ?? (await configuredStores(config))
  try {
    return await serve(config, opened)
  } catch (error) {
    await opened.close()
    throw error
  }
}

async function serve(config: ServerConfig, stores: Stores): Promise<RunningServer> {
  const tokens = new Tokens(stores.tokens)
  const audit = new Audit(stores.audit)
  const fanout = config.redisUrl
    ? await RedisFanout.open({ url: config.redisUrl, prefix: config.redisPrefix })
    : null
  const rooms = new Rooms(stores.rooms, {
    compactAfter: config.compactAfter,
    audit,
    unloadAfterMs: config.unloadAfterMs,
    fanout,
  })
  const library = new Library(stores, rooms, audit)
  const app = createApp({
    library,
    tokens,
    meta: stores.meta,
    rooms,
    shares: new Shares(tokens, rooms, audit),
    webDist: config.webDist,
    maxBodyBytes: config.maxBodyBytes,
    maxImportBytes: config.maxImportBytes,
    maxDocumentBytes: config.maxDocumentBytes,
    allowedOrigins: config.allowedOrigins,
    writeRate: config.rate,
  })
  configureUpdateGuard({ timeoutMs: config.updateTimeoutMs })
  configureSourceImporter({ timeoutMs: config.importTimeoutMs })
  const sync = createSync({
    documents: stores.documents,
    rooms,
    tokens,
    maxFrameBytes: config.maxFrameBytes,
    keepaliveMs: config.keepaliveMs,
    allowedOrigins: config.allowedOrigins,
    syncRate: config.rate,
    connectionCaps: config.connectionCaps,
  })
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  server.on('upgrade', (request, socket, head) => {
    sync.handleUpgrade(request, socket, head).catch((error: unknown) => {
      // A read that failed (a damaged database, say) refuses this socket, not every one.
      console.error('Could not answer a sync upgrade', error)
      socket.destroy()
    })
  })
  let ownerToken: string | null = null
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      // Seeded once the port is ours, and before any request is answered: a start that cannot
      // listen must not make the owner link that only it would have printed.
      seedDataFolder({ ...stores, tokens }, config.documentsDir).then(
        (seeded) => {
          ownerToken = seeded.ownerToken
          resolve()
        },
        (error: unknown) => {
          server.close()
          reject(error)
        },
      )
    })
  })
  const { port } = server.address() as AddressInfo
  const url = publicOrigin(config.host, port)
  const instance = await publishInstance(config.dataDir, tokens, url)
  let closing: Promise<ShutdownReport> | null = null
  return {
    url,
    ownerToken,
    close(deadline = Date.now() + shutdownDeadlineMs, onStep) {
      closing ??= shutDown({
        http: server,
        sync,
        rooms,
        stores,
        fanout,
        deadline,
        onStep,
        beforeClose: async () => {
          await audit.settled()
          await withdrawInstance(config.dataDir, tokens, instance)
        },
      })
      return closing
    },
  }
}
