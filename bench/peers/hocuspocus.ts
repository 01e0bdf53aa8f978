/**
 * The Hocuspocus peer, run as its own process (`node --import tsx bench/peers/hocuspocus.ts`):
 * `@hocuspocus/server` on HOST:PORT, printing `listening on PORT` once it accepts connections.
 * In memory with no extensions (the fan-out scenario), or, when HOCUSPOCUS_SQLITE names a
 * database file, with its SQLite extension storing each document there (the cold-load scenario).
 * When HOCUSPOCUS_REDIS names a `redis://host:port` URL, `@hocuspocus/extension-redis` 4.7.0
 * shares every document's updates with the other instances on that Redis (the scale-out
 * scenario), under the instance name HOCUSPOCUS_INSTANCE and its default key prefix.
 *
 * `@hocuspocus/server` 4.x declares engines node >= 22; it was checked to start and serve
 * on this machine's Node 20 (see fanout.ts), so it runs here as it is.
 */
import { Redis } from '@hocuspocus/extension-redis'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { type Extension, Server } from '@hocuspocus/server'

const database = process.env.HOCUSPOCUS_SQLITE
const redis = process.env.HOCUSPOCUS_REDIS ? new URL(process.env.HOCUSPOCUS_REDIS) : undefined
const extensions: Extension[] = []
if (database) extensions.push(new SQLite({ database }))
if (redis) {
  extensions.push(
    new Redis({
      host: redis.hostname,
      port: Number(redis.port || 6379),
      ...(process.env.HOCUSPOCUS_INSTANCE ? { identifier: process.env.HOCUSPOCUS_INSTANCE } : {}),
    }),
  )
}
const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
  extensions,
})
await server.listen()
const address = server.address as { port: number }
console.log(`listening on ${address.port}`)
