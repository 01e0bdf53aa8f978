/**
 * The reference server of the durability scenario, run as its own process
 * (`node --import tsx bench/peers/y-websocket-durable.ts`): `@y/websocket-server` 0.1.1 as its
 * own server.js runs it, with YPERSISTENCE=<dir> storing every update through y-leveldb, except
 * that the persistence is the package's own re-bound (`setPersistence`) to record when each
 * update was received (the doc's 'update') and when `storeUpdate` resolved (commit-record.ts).
 * Prints `running at PORT` once it accepts connections.
 *
 * y-leveldb writes without `sync`, so "committed" here means handed to LevelDB (and the OS), not
 * flushed to the disk as Warrant's synchronous=FULL commit is.
 */
import http from 'node:http'
import { getPersistence, setPersistence, setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { committed, received } from './commit-record'

/** The part of y-leveldb's LeveldbPersistence the reference server uses. */
interface Leveldb {
  getYDoc(name: string): Promise<Y.Doc>
  storeUpdate(name: string, update: Uint8Array): Promise<unknown>
}

// With YPERSISTENCE set, the package has made its LevelDB persistence on import.
const leveldb = getPersistence() as unknown as { provider: Leveldb } | null
if (!leveldb) throw new Error('YPERSISTENCE must name the LevelDB folder')
const { provider } = leveldb

// The reference server's bindState, with each update's receipt and commit recorded.
setPersistence({
  provider,
  bindState: async (name: string, doc: Y.Doc) => {
    const persisted = await provider.getYDoc(name)
    const newUpdates = Y.encodeStateAsUpdate(doc)
    provider.storeUpdate(name, newUpdates)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(persisted))
    doc.on('update', (update: Uint8Array) => {
      const receipt = received()
      provider.storeUpdate(name, update).then(() => committed(receipt))
    })
  },
  writeState: async () => {},
})

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
const port = Number(process.env.PORT ?? 0)
server.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`running at ${(server.address() as { port: number }).port}`)
})
