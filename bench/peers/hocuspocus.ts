/**
 * The Hocuspocus peer of the fan-out scenario, run as its own process
 * (`node --import tsx bench/peers/hocuspocus.ts`): an in-memory `@hocuspocus/server` with no
 * extensions on HOST:PORT, printing `listening on PORT` once it accepts connections.
 *
 * `@hocuspocus/server` 4.x declares engines node >= 22; it was checked to start and serve
 * on this machine's Node 20 (see fanout.ts), so it runs here as it is.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
})
await server.listen()
const address = server.address as { port: number }
console.log(`listening on ${address.port}`)
