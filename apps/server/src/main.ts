/**
 * The server process: reads the environment, starts the server, prints the lines tools and
 * people read (the address, and the owner link on first start), and stops on SIGTERM/SIGINT.
 */
import { readConfig } from './config'
import { startServer } from './server'

const server = await startServer(readConfig())
if (server.ownerToken) console.log(`Owner link: ${server.url}/?token=${server.ownerToken}`)
console.log(`Warrant is serving on ${server.url}`)

let stopping = false
function stop(signal: string): void {
  if (stopping) return
  stopping = true
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`Could not stop cleanly after ${signal}`, error)
      process.exit(1)
    },
  )
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
