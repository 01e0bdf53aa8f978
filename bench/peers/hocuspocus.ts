/**
 * The Hocuspocus peer, run as its own process (`node --import tsx bench/peers/hocuspocus.ts`):
 * `@hocuspocus/server` on HOST:PORT, printing `listening on PORT` once it accepts connections.
 * In memory with no extensions (the fan-out scenario), or, when HOCUSPOCUS_SQLITE names a
 * database file, with its SQLite extension storing each document there (the cold-load scenario).
 *
 * `@hocuspocus/server` 4.x declares engines node >= 22; it was checked to start and serve
 * on this machine's Node 20 (see fanout.ts), so it runs here as it is.
 */
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const database = process.env.HOCUSPOCUS_SQLITE
const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
  extensions: database ? [new SQLite({ database })] : [],
})
await server.listen()
const address = server.address as { port: number }
console.log(`listening on ${address.port}`)
