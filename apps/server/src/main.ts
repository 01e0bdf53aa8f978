/**
 * The server process: reads the environment, starts the server, prints the lines tools and
 * people read (the address, and the owner link on first start), and stops on SIGTERM/SIGINT.
 */
import { readConfig } from './config'
import { startServer } from './server'
import { shutdownDeadlineMs } from './shutdown'

const config = readConfig()
const server = await startServer(config)
if (server.ownerToken) console.log(`Owner link: ${server.url}/?token=${server.ownerToken}`)
console.log(`Warrant is serving on ${server.url}`)

let stopping = false
function stop(signal: string): void {
  if (stopping) return
  stopping = true
  const started = Date.now()
  let step = 'starting'
  // The hard deadline: nothing (a peer that never answers, a hung request) keeps the process.
  setTimeout(() => {
    console.error(`Shutdown after ${signal} cut short at ${shutdownDeadlineMs} ms, ${step}`)
    process.exit(1)
  }, shutdownDeadlineMs).unref()
  server
    .close(started + shutdownDeadlineMs, (next) => {
      step = next
    })
    .then(
      ({ cutShort }) => {
        for (const step of cutShort) console.error(`Shutdown after ${signal} cut short: ${step}`)
        console.log(`Stopped after ${signal} in ${Date.now() - started} ms`)
        process.exit(0)
      },
      (error: unknown) => {
        console.error(`Could not stop cleanly after ${signal}`, error)
        process.exit(1)
      },
    )
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
