/**
 * A load generator process of the idle-scale scenario (`fork`ed by idle-scale.ts, run under
 * tsx): it connects its share of the idle clients, each to its own room, sends the idle content
 * to a document that is empty after syncing (a peer's, which starts empty; Warrant's already hold
 * it), and then leaves them idle until told to close.
 */
import * as Y from 'yjs'
import { type BenchClient, connect, type Endpoint } from './connect'

/** What the harness tells an idle load process. */
export type IdleCommand =
  | {
      type: 'connect'
      endpoint: Endpoint
      /** The room of each of this process's clients, in order. */
      rooms: string[]
      /** The number of this process's first client among all the scenario's clients. */
      first: number
      /** The update every document holds, base64. */
      content: string
    }
  | { type: 'close' }

/** What an idle load process answers. */
export type IdleReply = { type: 'connected' }

// Connecting a few at a time keeps the handshakes from timing out on a busy machine.
const concurrentConnects = 25
const clients: BenchClient[] = []

function reply(message: IdleReply): void {
  process.send!(message)
}

async function connectAll(command: Extract<IdleCommand, { type: 'connect' }>): Promise<void> {
  const content = new Uint8Array(Buffer.from(command.content, 'base64'))
  const next = { i: 0 }
  const worker = async () => {
    for (let i = next.i++; i < command.rooms.length; i = next.i++) {
      const client = await connect(command.endpoint, command.rooms[i]!, command.first + i)
      // Each Warrant document was written by a client of its own, so only an empty one is sent it.
      if (client.doc.store.clients.size === 0) Y.applyUpdate(client.doc, content)
      clients.push(client)
    }
  }
  await Promise.all(Array.from({ length: concurrentConnects }, worker))
}

process.on('message', async (command: IdleCommand) => {
  switch (command.type) {
    case 'connect':
      await connectAll(command)
      reply({ type: 'connected' })
      break
    case 'close':
      for (const client of clients) client.close()
      // The close frames go out before the process ends.
      setTimeout(() => process.exit(0), 200)
  }
})
