/**
 * The Hocuspocus peer of the durability scenario, run as its own process
 * (`node --import tsx bench/peers/hocuspocus-sqlite.ts`): `@hocuspocus/server` with
 * `@hocuspocus/extension-sqlite` storing into DURABILITY_DATA/hocuspocus.sqlite, with its default
 * debounce (a document is stored 2 s after its last change, and at least every 10 s while
 * changes continue). An extension of its own records when each change was received (onChange)
 * and when the store that holds it finished (afterStoreDocument; see commit-record.ts). Prints
 * `listening on PORT` once it accepts connections.
 */
import { join } from 'node:path'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'
import { committed, type Receipt, received } from './commit-record'

/** Changes received since the document's last store began, by document. */
const unstored = new Map<string, Receipt[]>()
/** The changes each store in progress holds, oldest store first, by document. */
const storing = new Map<string, Receipt[][]>()

const timing = {
  // Before the SQLite extension's, so a store's changes are taken before it encodes the doc.
  priority: 1000,
  async onChange({ documentName }: { documentName: string }) {
    const list = unstored.get(documentName)
    if (list) list.push(received())
    else unstored.set(documentName, [received()])
  },
  async onStoreDocument({ documentName }: { documentName: string }) {
    const stores = storing.get(documentName) ?? []
    stores.push(unstored.get(documentName) ?? [])
    storing.set(documentName, stores)
    unstored.set(documentName, [])
  },
  async afterStoreDocument({ documentName }: { documentName: string }) {
    committed(...(storing.get(documentName)?.shift() ?? []))
  },
}

const dataDir = process.env.DURABILITY_DATA
if (!dataDir) throw new Error('DURABILITY_DATA must name the data folder')
const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
  extensions: [timing, new SQLite({ database: join(dataDir, 'hocuspocus.sqlite') })],
})
await server.listen()
const address = server.address as { port: number }
console.log(`listening on ${address.port}`)
