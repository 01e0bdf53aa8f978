/**
 * A load generator process of the scale-out scenario (`fork`ed by scale-out.ts, run under tsx):
 * either the one writer, which makes a small edit at a steady rate (an annotation-sized map
 * entry and three typed characters, in turn), or the readers, which only apply what arrives. On
 * the machine-wide clock it records when the writer sent each edit and when each reader applied
 * it; the writer and the readers run in processes of their own, so neither waits on the other.
 */
import * as Y from 'yjs'
import { annotationEntry } from './annotation-entry'
import { type BenchClient, connect, type Endpoint } from './connect'
import { seeded } from './measure'
import { machineNow } from './processes'

/** What the harness tells a load process. */
export type ScaleOutCommand =
  | { type: 'connect'; role: 'writer' | 'readers'; endpoint: Endpoint; room: string; count: number }
  | { type: 'go'; editsPerSecond: number }
  | { type: 'stop' }
  | { type: 'report' }
  | { type: 'close' }

/** One edit of the writer: its client id, its clock after the edit, and when it was made. */
export type Edit = [writer: number, end: number, sentAt: number]

/**
 * A remote transaction applied by reader `reader`: it took `sender` from clock `before` to
 * `after`, at `at`. An edit (writer, end) reached the reader when before < end <= after.
 */
export type Applied = [reader: number, sender: number, before: number, after: number, at: number]

/** What a load process answers. */
export type ScaleOutReply =
  | { type: 'connected' }
  | { type: 'stopped' }
  | { type: 'report'; edits: Edit[]; applied: Applied[] }

const clients: BenchClient[] = []
const edits: Edit[] = []
const applied: Applied[] = []
let timer: NodeJS.Timeout | undefined

function reply(message: ScaleOutReply): void {
  process.send!(message)
}

function record(doc: Y.Doc, reader: number): void {
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.local) return
    const at = machineNow()
    for (const [sender, after] of transaction.afterState) {
      const before = transaction.beforeState.get(sender) ?? 0
      if (after > before) applied.push([reader, sender, before, after, at])
    }
  })
}

/** Edits at `editsPerSecond`: a map entry, then three characters, and so on. */
function write(client: BenchClient, editsPerSecond: number): void {
  const { doc } = client
  const random = seeded(1)
  const annotations = doc.getMap<unknown>('bench-annotations')
  const text = doc.getText('bench-typing')
  let sequence = 0
  const edit = () => {
    const sentAt = machineNow()
    if (sequence % 2 === 0) {
      doc.transact(() => annotations.set(`writer-${sequence}`, annotationEntry(random, 0)))
    } else {
      doc.transact(() => text.insert(random.int(0, text.length), 'abc'))
    }
    sequence++
    edits.push([doc.clientID, Y.getState(doc.store, doc.clientID), sentAt])
  }
  timer = setInterval(edit, 1000 / editsPerSecond)
}

process.on('message', async (command: ScaleOutCommand) => {
  switch (command.type) {
    case 'connect': {
      // The writer is client 0 of its endpoint; reader i is client i of the readers' endpoint.
      const connected = await Promise.all(
        Array.from({ length: command.count }, (_, i) => connect(command.endpoint, command.room, i)),
      )
      connected.forEach((client, i) => {
        if (command.role === 'readers') record(client.doc, i)
        clients.push(client)
      })
      reply({ type: 'connected' })
      break
    }
    case 'go':
      // Only the writer's process is told to go.
      write(clients[0]!, command.editsPerSecond)
      break
    case 'stop':
      clearInterval(timer)
      reply({ type: 'stopped' })
      break
    case 'report':
      reply({ type: 'report', edits, applied })
      break
    case 'close':
      for (const client of clients) client.close()
      process.exit(0)
  }
})
